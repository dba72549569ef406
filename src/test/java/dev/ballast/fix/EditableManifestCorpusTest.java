package dev.ballast.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ballast.rules.repair.PatchOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the public corpus: an empty patch is byte-identical; adds and replaces change only their lines. */
class EditableManifestCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final List<String> ADDED_KEYS = List.of("terminationMessagePolicy:", "allowPrivilegeEscalation:",
            "securityContext:", "capabilities:", "drop:", "- ALL", "seccompProfile:", "type: RuntimeDefault");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void emptyPatchIsByteIdentical(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        EditableManifest manifest = EditableManifest.parse(text, false);
        Map<Integer, List<PatchOperation>> none = new HashMap<>();
        for (int i = 0; i < manifest.documents().size(); i++) {
            none.put(i, List.of());
        }
        assertThat(manifest.apply(none)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void addsAndReplacesTouchOnlyTheirLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        EditableManifest manifest = EditableManifest.parse(text, false);
        Map<Integer, List<PatchOperation>> ops = new LinkedHashMap<>();
        List<JsonNode> wanted = new ArrayList<>();
        for (int i = 0; i < manifest.documents().size(); i++) {
            JsonNode doc = manifest.documents().get(i);
            List<PatchOperation> docOps = repairsLike(doc);
            ops.put(i, docOps);
            wanted.add(JsonPatcher.apply(doc, docOps));
        }
        String patched = manifest.apply(ops);

        // Read back by another parser (the one `ballast audit` uses): exactly the patched trees.
        List<JsonNode> reread = new ArrayList<>();
        new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(patched).forEachRemaining(n -> {
            if (n != null && !n.isNull() && !n.isMissingNode()) {
                reread.add(n);
            }
        });
        assertThat(reread).hasSameSizeAs(wanted);
        for (int i = 0; i < wanted.size(); i++) {
            assertThat(NodeEditor.same(reread.get(i), wanted.get(i))).as("document %d", i).isTrue();
        }
        assertOnlyExpectedLinesChanged(text, patched);
        if (ops.values().stream().anyMatch(l -> !l.isEmpty())) {
            assertThat(patched).isNotEqualTo(text);
        }
    }

    /** Additions like the repairs' on every pod template, and a replaced scalar (the name) on every object. */
    private static List<PatchOperation> repairsLike(JsonNode doc) {
        List<PatchOperation> ops = new ArrayList<>();
        if (doc.path("metadata").path("name").isTextual()) {
            ops.add(PatchOperation.replace("/metadata/name", doc.path("metadata").path("name").asText() + "-fixed"));
        }
        JsonNode pod = doc.path("spec").path("template").path("spec");
        if (!pod.isObject()) {
            return ops;
        }
        String podPath = "/spec/template/spec";
        if (!pod.has("securityContext")) {
            ops.add(PatchOperation.add(podPath + "/securityContext", Map.of("seccompProfile", Map.of("type", "RuntimeDefault"))));
        }
        JsonNode containers = pod.path("containers");
        for (int i = 0; i < containers.size(); i++) {
            String c = podPath + "/containers/" + i;
            ops.add(PatchOperation.add(c + "/terminationMessagePolicy", "FallbackToLogsOnError"));
            JsonNode sc = containers.get(i).path("securityContext");
            if (sc.isObject()) {
                ops.add(PatchOperation.add(c + "/securityContext/allowPrivilegeEscalation", false));
                if (sc.path("capabilities").path("drop").isArray()) {
                    ops.add(PatchOperation.add(c + "/securityContext/capabilities/drop/-", "ALL"));
                }
            } else {
                Map<String, Object> add = new LinkedHashMap<>();
                add.put("allowPrivilegeEscalation", false);
                add.put("capabilities", Map.of("drop", List.of("ALL")));
                ops.add(PatchOperation.add(c + "/securityContext", add));
            }
        }
        return ops;
    }

    /**
     * Walks both texts line by line: an original line is kept as is, or (a replaced scalar) its key keeps its
     * place and only the value differs; every other new line is one of the added keys.
     */
    private static void assertOnlyExpectedLinesChanged(String before, String after) {
        String[] old = before.split("\n", -1);
        String[] now = after.split("\n", -1);
        int i = 0;
        int j = 0;
        while (i < old.length && j < now.length) {
            if (old[i].equals(now[j])) {
                i++;
                j++;
            } else if (sameKey(old[i], now[j])) {
                assertThat(now[j]).as("changed line %d", i + 1).containsAnyOf("name:", "terminationMessagePolicy:",
                        "allowPrivilegeEscalation:", "- ALL", "drop:");
                i++;
                j++;
            } else {
                String line = now[j];
                assertThat(ADDED_KEYS.stream().anyMatch(k -> line.strip().startsWith(k)))
                        .as("line %d of the result is an added key: %s (original line %d: %s)", j + 1, line, i + 1, old[i])
                        .isTrue();
                j++;
            }
        }
        assertThat(i).as("every original line is accounted for").isEqualTo(old.length);
        for (; j < now.length; j++) {
            String line = now[j];
            assertThat(line.isEmpty() || ADDED_KEYS.stream().anyMatch(k -> line.strip().startsWith(k))).as(line).isTrue();
        }
    }

    private static boolean sameKey(String a, String b) {
        int ca = a.indexOf(": ");
        int cb = b.indexOf(": ");
        return ca > 0 && ca == cb && a.substring(0, ca).equals(b.substring(0, cb))
                || a.contains("[") && b.contains("[") && a.substring(0, a.indexOf('[')).equals(b.substring(0, b.indexOf('[')));
    }

}
