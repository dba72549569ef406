package dev.ballast.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.rules.repair.PatchOperation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PatchMaterializerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("missing parents become one nested add", "{\"c\": {}}",
                        List.of(PatchOperation.add("/c/securityContext/capabilities/drop/-", "ALL")),
                        List.of(PatchOperation.add("/c/securityContext", Map.of("capabilities", Map.of("drop", List.of("ALL")))))),
                Arguments.of("a null parent is replaced", "{\"c\": {\"securityContext\": null}}",
                        List.of(PatchOperation.add("/c/securityContext/runAsNonRoot", true)),
                        List.of(PatchOperation.add("/c/securityContext", Map.of("runAsNonRoot", true)))),
                Arguments.of("an existing list is appended to, once", "{\"drop\": [\"NET_RAW\"]}",
                        List.of(PatchOperation.add("/drop/-", "ALL"), PatchOperation.add("/drop/-", "ALL")),
                        List.of(PatchOperation.add("/drop/-", "ALL"))),
                Arguments.of("a value already there is no operation", "{\"a\": {\"b\": 5}}",
                        List.of(PatchOperation.add("/a/b", 5), PatchOperation.replace("/a/b", 5)), List.of()),
                Arguments.of("a second add under a parent the first created", "{}",
                        List.of(PatchOperation.add("/s/a", 1), PatchOperation.add("/s/b", 2)),
                        List.of(PatchOperation.add("/s", Map.of("a", 1)), PatchOperation.add("/s/b", 2))),
                Arguments.of("replace of a missing key becomes add", "{\"a\": {}}",
                        List.of(PatchOperation.replace("/a/b", 1)), List.of(PatchOperation.add("/a/b", 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void materializes(String name, String object, List<PatchOperation> ops, List<PatchOperation> expected) throws Exception {
        JsonNode source = JSON.readTree(object);
        List<PatchOperation> got = PatchMaterializer.materialize(source, ops);
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).op()).isEqualTo(expected.get(i).op());
            assertThat(got.get(i).path()).isEqualTo(expected.get(i).path());
            JsonNode value = JSON.valueToTree(got.get(i).value());
            assertThat(value).isEqualTo(JSON.<JsonNode>valueToTree(expected.get(i).value()));
        }
        JsonNode wanted = JsonPatcher.apply(source, got); // the materialized operations are valid RFC 6902 on the object
        assertThat(PatchMaterializer.materialize(wanted, ops)).as("applied once, nothing is left to do").isEmpty();
    }
}
