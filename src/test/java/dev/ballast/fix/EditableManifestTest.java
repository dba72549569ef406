package dev.ballast.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.rules.repair.PatchOperation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EditableManifestTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String patch(String text, boolean json, int document, PatchOperation... ops) {
        return EditableManifest.parse(text, json).apply(Map.of(document, List.of(ops)));
    }

    static Stream<Arguments> yamlCases() {
        return Stream.of(
                Arguments.of("new key after the last sibling, before a trailing comment line",
                        """
                        spec:
                          containers:
                          - name: app # the main one
                            image: 'nginx:1.25'
                            # nothing else
                          volumes: []
                        """,
                        List.of(PatchOperation.add("/spec/containers/0/securityContext",
                                map("runAsNonRoot", true, "capabilities", map("drop", List.of("ALL"))))),
                        """
                        spec:
                          containers:
                          - name: app # the main one
                            image: 'nginx:1.25'
                            securityContext:
                              runAsNonRoot: true
                              capabilities:
                                drop:
                                - ALL
                            # nothing else
                          volumes: []
                        """),
                Arguments.of("indented sequences and a 4-space step are copied",
                        """
                        spec:
                            containers:
                              - name: app
                                image: nginx
                        """,
                        List.of(PatchOperation.add("/spec/containers/0/securityContext",
                                map("capabilities", map("drop", List.of("ALL")))),
                                PatchOperation.add("/spec/containers/-", map("name", "side", "image", "busybox"))),
                        """
                        spec:
                            containers:
                              - name: app
                                image: nginx
                                securityContext:
                                    capabilities:
                                        drop:
                                          - ALL
                              - name: side
                                image: busybox
                        """),
                Arguments.of("a replaced scalar keeps its quotes; the comment after it stays",
                        """
                        resources:
                          limits: {memory: "1Gi"}
                          requests:
                            memory: "256Mi"   # too low
                            cpu: 100m
                        """,
                        List.of(PatchOperation.replace("/resources/requests/memory", "1Gi")),
                        """
                        resources:
                          limits: {memory: "1Gi"}
                          requests:
                            memory: "1Gi"   # too low
                            cpu: 100m
                        """),
                Arguments.of("flow mapping and flow sequence are edited in flow style",
                        """
                        resources: {limits: {memory: 1Gi}}
                        caps: {drop: [NET_RAW], add: []}
                        """,
                        List.of(PatchOperation.add("/resources/requests", map("memory", "1Gi")),
                                PatchOperation.add("/caps/drop/-", "ALL"),
                                PatchOperation.add("/caps/add/-", "X Y")),
                        """
                        resources: {limits: {memory: 1Gi}, requests: {memory: 1Gi}}
                        caps: {drop: [NET_RAW, ALL], add: ["X Y"]}
                        """),
                Arguments.of("an empty flow mapping is filled in place",
                        """
                        securityContext: {}
                        """,
                        List.of(PatchOperation.add("/securityContext/runAsNonRoot", true)),
                        """
                        securityContext: {runAsNonRoot: true}
                        """),
                Arguments.of("a null value becomes a block mapping under its key",
                        """
                        spec:
                          securityContext:
                          other: null   # kept
                          last: ~
                        """,
                        List.of(PatchOperation.add("/spec/securityContext", map("runAsNonRoot", true)),
                                PatchOperation.add("/spec/last", map("a", 1))),
                        """
                        spec:
                          securityContext:
                            runAsNonRoot: true
                          other: null   # kept
                          last:
                            a: 1
                        """),
                Arguments.of("two mappings ending on the same line: the inner one's key comes first",
                        """
                        a:
                          b:
                            c: 1
                        z: 2
                        """,
                        List.of(PatchOperation.add("/a/b/d", 2), PatchOperation.add("/a/e", 3)),
                        """
                        a:
                          b:
                            c: 1
                            d: 2
                          e: 3
                        z: 2
                        """),
                Arguments.of("strings that YAML would read as other types are quoted",
                        """
                        a: x
                        """,
                        List.of(PatchOperation.add("/b", "true"), PatchOperation.add("/c", "1"),
                                PatchOperation.add("/d", "RuntimeDefault"), PatchOperation.add("/e", 10)),
                        """
                        a: x
                        b: "true"
                        c: "1"
                        d: RuntimeDefault
                        e: 10
                        """),
                Arguments.of("no final newline: one is added before the new line only",
                        "a:\n  b: 1",
                        List.of(PatchOperation.add("/a/c", 2)),
                        "a:\n  b: 1\n  c: 2\n"),
                Arguments.of("CRLF files get CRLF lines",
                        "a:\r\n  b: 1\r\nz: 0\r\n",
                        List.of(PatchOperation.add("/a/c", map("d", 1))),
                        "a:\r\n  b: 1\r\n  c:\r\n    d: 1\r\nz: 0\r\n"),
                Arguments.of("a literal block scalar as the last value",
                        """
                        a:
                          script: |
                            echo hi

                          other: 1
                          tail: |
                            x
                        b: 1
                        """,
                        List.of(PatchOperation.add("/a/new", "v")),
                        """
                        a:
                          script: |
                            echo hi

                          other: 1
                          tail: |
                            x
                          new: v
                        b: 1
                        """),
                Arguments.of("a key merged in with << is overridden explicitly, the anchor is untouched",
                        """
                        base: &base
                          a: 1
                        child:
                          <<: *base
                          b: 2
                        """,
                        List.of(PatchOperation.replace("/child/a", 5)),
                        """
                        base: &base
                          a: 1
                        child:
                          <<: *base
                          b: 2
                          a: 5
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlCases")
    void yaml(String name, String text, List<PatchOperation> ops, String expected) {
        assertThat(EditableManifest.parse(text, false).apply(Map.of(0, ops))).isEqualTo(expected);
    }

    @Test
    void charactersOutsideTheBmpKeepOffsetsRight() {
        String text = "# r\u00e9sum\u00e9 \uD83D\uDE80\uD83D\uDE80\na: \"\uD83D\uDE80\"  # \uD83D\uDE80\nb:\n  c: 1\n";
        assertThat(patch(text, false, 0, PatchOperation.replace("/a", "x"), PatchOperation.add("/b/d", "\uD83D\uDE80")))
                .isEqualTo("# r\u00e9sum\u00e9 \uD83D\uDE80\uD83D\uDE80\na: \"x\"  # \uD83D\uDE80\nb:\n  c: 1\n  d: \"\uD83D\uDE80\"\n");
    }

    @Test
    void tabIndentedJsonIsEdited() {
        String text = "{\n\t\"a\": {\n\t\t\"b\": 1\n\t}\n}\n";
        assertThat(patch(text, true, 0, PatchOperation.add("/a/c", 2)))
                .isEqualTo("{\n\t\"a\": {\n\t\t\"b\": 1,\n\t\t\"c\": 2\n\t}\n}\n");
    }

    @Test
    void emptyPatchIsByteIdentical() {
        String text = "# c\n---\na: {b: 'x'}   # y\n---\n---\nc: 1";
        assertThat(EditableManifest.parse(text, false).apply(Map.of())).isSameAs(text);
        assertThat(EditableManifest.parse(text, false).apply(Map.of(1, List.of()))).isSameAs(text);
    }

    @Test
    void multiDocumentEditsOnlyTheAddressedDocumentSkippingEmptyOnes() {
        String text = "a: 1\n---\n# empty\n---\nkind: List\nitems:\n- b: 1\n- b: 2\n---\nc: 3\n";
        String out = patch(text, false, 1, PatchOperation.add("/items/1/d", 4));
        assertThat(out).isEqualTo("a: 1\n---\n# empty\n---\nkind: List\nitems:\n- b: 1\n- b: 2\n  d: 4\n---\nc: 3\n");
    }

    @Test
    void prettyJsonGetsPrettyJson() {
        String text = """
                {
                  "kind": "Deployment",
                  "spec": {
                    "containers": [
                      {
                        "name": "app"
                      }
                    ],
                    "empty": {}
                  }
                }
                """;
        String out = patch(text, true, 0,
                PatchOperation.add("/spec/containers/0/securityContext", map("capabilities", map("drop", List.of("ALL")))),
                PatchOperation.add("/spec/empty/x", 1),
                PatchOperation.replace("/kind", "StatefulSet"));
        assertThat(out).isEqualTo("""
                {
                  "kind": "StatefulSet",
                  "spec": {
                    "containers": [
                      {
                        "name": "app",
                        "securityContext": {
                          "capabilities": {
                            "drop": [
                              "ALL"
                            ]
                          }
                        }
                      }
                    ],
                    "empty": {"x": 1}
                  }
                }
                """);
    }

    @Test
    void compactJsonStaysOnOneLine() {
        assertThat(patch("{\"a\":{\"b\":[1]},\"c\":\"x\"}", true, 0, PatchOperation.add("/a/b/-", 2),
                PatchOperation.add("/a/d", "y"), PatchOperation.replace("/c", "z")))
                .isEqualTo("{\"a\":{\"b\":[1, 2], \"d\": \"y\"},\"c\":\"z\"}");
    }

    @Test
    void aValueUnderAnAliasIsRefused() {
        String text = "x: &r\n  a: 1\ny: *r\n";
        assertThatThrownBy(() -> patch(text, false, 0, PatchOperation.add("/y/b", 2)))
                .isInstanceOf(PatchException.class).hasMessageContaining("line 1").hasMessageContaining("alias");
    }

    @Test
    void aMissingParentIsNamed() {
        assertThatThrownBy(() -> patch("a: 1\n", false, 0, PatchOperation.add("/b/c", 2)))
                .isInstanceOf(PatchException.class).hasMessage("add /b/c: /b does not exist");
        assertThatThrownBy(() -> patch("a: 1\n", false, 3, PatchOperation.add("/b", 2)))
                .isInstanceOf(PatchException.class).hasMessage("no document 3 (the file has 1)");
    }

    @Test
    void badYamlNamesTheLine() {
        assertThatThrownBy(() -> EditableManifest.parse("a: 1\nb: [\n", false))
                .isInstanceOf(PatchException.class).hasMessageStartingWith("line 3: not valid YAML/JSON");
    }
}
