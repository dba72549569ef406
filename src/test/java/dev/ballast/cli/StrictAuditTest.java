package dev.ballast.cli;

import static dev.ballast.cli.AuditCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast audit --strict}, {@code --crd} and {@code --ignore-missing-schemas} through the CLI, in every format. */
class StrictAuditTest {
    static final String BROKEN = "src/test/resources/strict/broken.yaml";

    private static List<JsonNode> schemaFindings(JsonNode json) {
        List<JsonNode> rows = new ArrayList<>();
        json.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals("schema-invalid")) {
                rows.add(f);
            }
        });
        return rows;
    }

    @Test
    void aTypoIsASchemaFindingAtItsLineInJson() throws Exception {
        AuditCommandTest.Run r = run("audit", "-f", BROKEN, "--strict", "--format", "json", "--fail-on", "none");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> rows = schemaFindings(r.json());
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("message").asText())
                .isEqualTo("spec.template.spec.containers[0].readinessProbe.timeoutSecond: unknown field");
        assertThat(row.get("severity").asText()).isEqualTo("high");
        assertThat(row.get("result").asText()).isEqualTo("fail");
        assertThat(row.get("policy").asText()).isEqualTo("strict");
        assertThat(row.get("line").asInt()).isEqualTo(19);
        assertThat(row.get("kind").asText()).isEqualTo("Deployment");
        assertThat(run("audit", "-f", BROKEN, "--strict", "--fail-on", "violation").code()).isEqualTo(1);
        JsonNode summary = r.json().get("summary");
        JsonNode plain = run("audit", "-f", BROKEN, "--format", "json", "--fail-on", "none").json().get("summary");
        assertThat(summary.get("failed").asInt()).isEqualTo(plain.get("failed").asInt() + 1);
        assertThat(summary.get("workloads")).isEqualTo(plain.get("workloads"));
    }

    /** 700 documents are validated on every core: findings still come out in input order, each at its own line. */
    @Test
    void manyDocumentsKeepTheirOrderAndLines(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            int start = (int) text.chars().filter(c -> c == '\n').count() + 1;
            text.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").append(i).append('\n');
            if (i % 9 == 4) {
                text.append("datta: {}\n");
                expected.add("cm-" + i + "@" + (start + 5) + ": datta: unknown field");
            }
        }
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, text);
        AuditCommandTest.Run r = run("audit", "-f", file.toString(), "--strict", "--format", "json", "--fail-on", "none");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(schemaFindings(r.json())).extracting(f -> f.get("name").asText() + "@" + f.get("line").asInt() + ": "
                + f.get("message").asText()).containsExactlyElementsOf(expected);
    }

    @Test
    void linesAreKnownOnStdinAndInsideLists(@TempDir Path dir) throws Exception {
        AuditCommandTest.Run stdin = AuditCommandTest.runWithStdin(Files.readString(Path.of(BROKEN)),
                "audit", "-f", "-", "--strict", "--format", "json", "--fail-on", "none");
        assertThat(schemaFindings(stdin.json())).extracting(f -> f.get("line").asInt()).containsExactly(19);
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: fine}
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: typo
                    dta: {a: b}
                """);
        List<JsonNode> rows = schemaFindings(run("audit", "-f", list.toString(), "--strict", "--format", "json",
                "--fail-on", "none", "--allow-empty").json());
        assertThat(rows).extracting(f -> f.get("message").asText() + " @" + f.get("line").asInt())
                .containsExactly("dta: unknown field @11");
    }

    @Test
    void withoutStrictTheTypoIsNotJudged() throws Exception {
        AuditCommandTest.Run r = run("audit", "-f", BROKEN, "--format", "json", "--fail-on", "none");
        assertThat(schemaFindings(r.json())).isEmpty();
    }

    @Test
    void everyFormatShowsTheFinding() {
        String field = "readinessProbe.timeoutSecond";
        assertThat(run("audit", "-f", BROKEN, "--strict", "--fail-on", "none").out())
                .contains("schema-invalid").contains(field).contains(BROKEN + ":19");
        assertThat(run("audit", "-f", BROKEN, "--strict", "--format", "markdown", "--fail-on", "none").out())
                .contains("`schema-invalid`").contains(field).contains(BROKEN + ":19");
        assertThat(run("audit", "-f", BROKEN, "--strict", "--format", "junit", "--fail-on", "none").out())
                .contains("name=\"schema-invalid\"><failure type=\"high\"".replace("><", ">\n      <")).contains(field);
        assertThat(run("audit", "-f", BROKEN, "--strict", "--format", "yaml", "--fail-on", "none").out())
                .contains("rule: schema-invalid").contains("line: 19");
    }

    @Test
    void sarifPointsAtTheFieldsLine() throws Exception {
        AuditCommandTest.Run r = run("audit", "-f", BROKEN, "--strict", "--format", "sarif", "--fail-on", "none");
        JsonNode result = null;
        for (JsonNode res : r.json().at("/runs/0/results")) {
            if (res.get("ruleId").asText().equals("schema-invalid")) {
                result = res;
            }
        }
        assertThat(result).isNotNull();
        assertThat(result.get("level").asText()).isEqualTo("error");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(19);
        assertThat(result.at("/message/text").asText()) // the field path once: the message already names it
                .isEqualTo("strict/Deployment/typo: spec.template.spec.containers[0].readinessProbe.timeoutSecond: unknown field");
        assertThat(r.json().at("/runs/0/results").findValuesAsText("text")) // a rule's message gets the field to fix
                .contains("strict/Deployment/typo: container \"app\" sets no resources.limits.memory "
                        + "(fix spec.template.spec.containers[0].resources.limits.memory)");
    }

    @Test
    void unknownKindsSkipOncePerKindUnlessIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("widgets.yaml");
        Files.writeString(file, """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: a}
                spec: {size: 1}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: b}
                spec: {sise: 1}
                """);
        List<JsonNode> rows = schemaFindings(run("audit", "-f", file.toString(), "--strict", "--format", "json",
                "--allow-empty").json());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("result").asText()).isEqualTo("skip");
        assertThat(rows.get(0).get("message").asText()).startsWith("no schema for example.com/v1 Widget").contains("--crd");
        assertThat(schemaFindings(run("audit", "-f", file.toString(), "--strict", "--ignore-missing-schemas",
                "--format", "json").json())).isEmpty();

        Path crd = dir.resolve("crd");
        Files.createDirectories(crd);
        Files.writeString(crd.resolve("widget.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec: {type: object, properties: {size: {type: integer}}}
                """);
        AuditCommandTest.Run withCrd = run("audit", "-f", file.toString(), "--strict", "--crd", crd.toString(), "--format", "json");
        rows = schemaFindings(withCrd.json());
        assertThat(rows).extracting(f -> f.get("message").asText()).containsExactly("spec.sise: unknown field");
        assertThat(rows.get(0).get("line").asInt()).isEqualTo(9);
        assertThat(withCrd.code()).isEqualTo(1);
    }

    @Test
    void aCrdFileThatIsNoCrdFailsNamingIt(@TempDir Path dir) throws Exception {
        AuditCommandTest.Run r = run("audit", "-f", BROKEN, "--strict", "--crd", BROKEN);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(BROKEN + ":2: not a CustomResourceDefinition (kind: Deployment); --crd takes CustomResourceDefinitions");
        Path missing = dir.resolve("nothing.yaml");
        assertThat(run("audit", "-f", BROKEN, "--strict", "--crd", missing.toString()).err()).contains(missing + ": no such file");
        AuditCommandTest.Run noStrict = run("audit", "-f", BROKEN, "--crd", BROKEN);
        assertThat(noStrict.code()).isEqualTo(2);
        assertThat(noStrict.err()).contains("--crd and --ignore-missing-schemas need --strict");
    }

    @Test
    void removedApiVersionsAndMissingKindsFail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, """
                apiVersion: apps/v1beta1
                kind: Deployment
                metadata: {name: old}
                spec: {template: {spec: {containers: [{name: a, image: b}]}}}
                ---
                metadata: {name: nothing}
                """);
        AuditCommandTest.Run r = run("audit", "-f", file.toString(), "--strict", "--format", "json", "--allow-empty");
        assertThat(schemaFindings(r.json())).extracting(f -> f.get("message").asText()).containsExactly(
                "apiVersion: apps/v1beta1 Deployment is not served by Kubernetes "
                        + dev.ballast.schema.SchemaCatalog.shipped().build().kubernetesVersion() + " (served as apps/v1)",
                "apiVersion: missing required field", "kind: missing required field");
    }

    @Test
    void theCorpusHasNoSchemaErrorInKindsTheApiServerServes() throws Exception {
        JsonNode json = run("audit", "-f", AuditCommandTest.CORPUS.toString(), "--strict", "--format", "json",
                "--fail-on", "none").json();
        JsonNode plain = run("audit", "-f", AuditCommandTest.CORPUS.toString(), "--format", "json", "--fail-on", "none").json();
        assertThat(json.at("/summary/workloads")).as("Services and the like add pairs, not workloads")
                .isEqualTo(plain.at("/summary/workloads"));
        assertThat(json.at("/summary/passed").asInt()).isGreaterThan(plain.at("/summary/passed").asInt());
        for (JsonNode f : schemaFindings(json)) {
            if (f.get("result").asText().equals("fail")) {
                assertThat(f.get("message").asText()).as(f.toString()).contains("is not served by Kubernetes");
            }
        }
    }
}
