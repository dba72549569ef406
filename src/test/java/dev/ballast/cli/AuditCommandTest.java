package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

class AuditCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = Path.of("examples");
    /** A copy of ../shared/corpus (public manifests; provenance and licences in its SOURCES.md). */
    static final Path CORPUS = Path.of("src/test/resources/corpus");

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BallastCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err), false);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return runWithStdin("", args);
    }

    @Test
    void jsonHasTheSpecShape() throws Exception {
        Run r = run("audit", "-f", "examples/workloads", "--format", "json", "--fail-on", "none");
        assertThat(r.code()).isZero();
        JsonNode json = r.json();
        assertThat(json.fieldNames()).toIterable().containsExactly("summary", "findings");
        assertThat(json.get("summary").fieldNames()).toIterable().containsExactly("workloads", "passed", "failed", "skipped", "score");
        JsonNode s = json.get("summary");
        assertThat(s.get("workloads").asInt()).isEqualTo(4);
        assertThat(s.get("score").asInt()).isEqualTo(100 * s.get("passed").asInt() / (s.get("passed").asInt() + s.get("failed").asInt()));
        JsonNode first = json.get("findings").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("policy", "namespace", "kind", "name", "container",
                "rule", "severity", "result", "message", "file", "line");
        assertThat(first.get("file").asText()).isEqualTo("examples/workloads/non-compliant.yaml");
        List<String> results = json.get("findings").findValuesAsText("result");
        assertThat(results).contains("fail", "skip").doesNotContain("pass");
        // the compliant example has no findings at all
        assertThat(json.get("findings").findValuesAsText("name")).doesNotContain("checkout");
    }

    @Test
    void yamlCarriesTheSameResultAsJson() throws Exception {
        JsonNode json = run("audit", "-f", "examples/workloads", "--format", "json", "--fail-on", "none").json();
        JsonNode yaml = new ObjectMapper(new YAMLFactory())
                .readTree(run("audit", "-f", "examples/workloads", "--format", "yaml", "--fail-on", "none").out());
        assertThat(yaml).isEqualTo(json);
    }

    @Test
    void sarifIsStructurallyValid210() throws Exception {
        Run r = run("audit", "-f", "examples/workloads", "--format", "sarif", "--fail-on", "none");
        JsonNode sarif = r.json();
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).contains("sarif-2.1.0");
        assertThat(sarif.get("runs")).hasSize(1);
        JsonNode run = sarif.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("ballast");
        JsonNode rules = driver.get("rules");
        assertThat(rules.size()).isEqualTo(dev.ballast.rules.catalog.RuleId.values().length);
        assertThat(rules).allSatisfy(rule -> assertThat(rule.get("help").get("text").asText()).isNotBlank());
        assertThat(run.get("results").size()).isGreaterThan(0);
        for (JsonNode result : run.get("results")) {
            int index = result.get("ruleIndex").asInt();
            assertThat(rules.get(index).get("id").asText()).isEqualTo(result.get("ruleId").asText());
            assertThat(result.get("level").asText()).isIn("error", "warning", "note", "none");
            assertThat(result.get("message").get("text").asText()).isNotBlank();
            JsonNode location = result.get("locations").get(0).get("physicalLocation");
            assertThat(location.get("artifactLocation").get("uri").asText()).endsWith(".yaml");
            assertThat(location.get("region").get("startLine").asInt()).isPositive();
            if (result.has("suppressions")) {
                assertThat(result.get("suppressions").get(0).get("kind").asText()).isIn("inSource", "external");
            }
        }
        for (JsonNode rule : rules) {
            assertThat(rule.get("id").asText()).matches("[a-z-]+");
            assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank();
            assertThat(rule.get("defaultConfiguration").get("level").asText()).isIn("error", "warning", "note");
        }
    }

    @Test
    void junitHasATestcasePerWorkloadAndRule() throws Exception {
        Run r = run("audit", "-f", "examples/workloads", "--format", "junit", "--fail-on", "none");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        JsonNode summary = run("audit", "-f", "examples/workloads", "--format", "json", "--fail-on", "none").json().get("summary");
        int pairs = summary.get("passed").asInt() + summary.get("failed").asInt() + summary.get("skipped").asInt();
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(pairs);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(summary.get("failed").asInt());
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(summary.get("skipped").asInt());
        // the 4 workloads, and the 2 HPAs and the PDB judged on their own (api-deprecated), which are no workloads
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(7);
        assertThat(summary.get("workloads").asInt()).isEqualTo(4);
    }

    @Test
    void markdownIsAGfmTable() {
        Run r = run("audit", "-f", "examples/workloads", "--format", "markdown", "--fail-on", "none");
        List<String> tableLines = r.out().lines().filter(l -> l.startsWith("|")).toList();
        assertThat(tableLines).isNotEmpty();
        int findingsHeader = tableLines.indexOf(tableLines.stream().filter(l -> l.startsWith("| Result")).findFirst().orElseThrow());
        int columns = columns(tableLines.get(findingsHeader));
        assertThat(tableLines.get(findingsHeader + 1)).matches("\\|(---\\|)+");
        for (String line : tableLines.subList(findingsHeader, tableLines.size())) {
            assertThat(columns(line)).as(line).isEqualTo(columns);
        }
    }

    private static int columns(String line) {
        return line.replace("\\|", "").split("\\|", -1).length;
    }

    @Test
    void tableEndsWithTheSummaryAndHasNoColourOffTerminal() {
        Run r = run("audit", "-f", "examples/workloads", "--fail-on", "none");
        assertThat(r.out()).doesNotContain("\u001b[");
        assertThat(r.out().strip().lines().reduce((a, b) -> b).orElseThrow())
                .matches("4 workloads, \\d+ passed, \\d+ failed, 2 skipped, score \\d+");
    }

    @Test
    void oneWorkloadIsCountedInTheSingular() {
        Run r = run("audit", "-f", "examples/workloads/compliant.yaml", "--fail-on", "none");
        assertThat(r.out().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("1 workload, ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "violations fail by default; -f examples/workloads; 1",
            "fail-on none; -f examples/workloads --fail-on none; 0",
            "compliant passes; -f examples/workloads/compliant.yaml; 0",
            "critical gate trips on hostNetwork; -f examples/workloads --fail-on critical; 1",
            "min-score met; -f examples/workloads/compliant.yaml --min-score 100; 0",
            "min-score missed; -f examples/workloads --fail-on none --min-score 90; 1",
            "min-score out of range; -f examples/workloads --min-score 101; 2",
            "unknown format; -f examples/workloads --format xml; 2",
            "missing -f; --format json; 2",
    })
    void exitCodes(String name, String args, int code) {
        List<String> argv = new ArrayList<>(List.of("audit"));
        argv.addAll(List.of(args.trim().split("\\s+")));
        assertThat(run(argv.toArray(String[]::new)).code()).isEqualTo(code);
    }

    @Test
    void criticalGateIgnoresNonCriticalFailures() {
        // cart fails only high/medium/critical mtls rules; without the mtls group nothing critical remains
        Run r = run("audit", "-f", "examples/workloads/compliant.yaml", "--fail-on", "critical");
        assertThat(r.code()).isZero();
    }

    @Test
    void readsStdinMultiDocumentYamlJsonAndLists() throws Exception {
        String yaml = Files.readString(EXAMPLES.resolve("workloads/compliant.yaml"));
        Run fromStdin = runWithStdin(yaml, "audit", "-f", "-", "--format", "json");
        assertThat(fromStdin.code()).isZero();
        assertThat(fromStdin.json().get("summary").get("workloads").asInt()).isEqualTo(1);

        String list = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x"}]}}}},
                  {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "b"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x"}]}}}}
                ]}""";
        Run fromList = runWithStdin(list, "audit", "-f", "-", "--format", "json", "--fail-on", "none");
        assertThat(fromList.json().get("summary").get("workloads").asInt()).isEqualTo(2);
        assertThat(fromList.json().get("findings").findValuesAsText("namespace")).containsOnly("default");
    }

    @Test
    void readsJsonFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("d.json"), "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"j\"},"
                + " \"spec\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"x\"}]}}}}");
        Files.writeString(dir.resolve("ignored.txt"), "not a manifest");
        Run r = run("audit", "-f", dir.toString(), "--format", "json", "--fail-on", "none");
        assertThat(r.code()).isZero();
        assertThat(r.json().get("findings").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(r.json().get("findings").get(0).get("file").asText()).endsWith("d.json");
    }

    static Stream<List<String>> badInputs() {
        return Stream.of(
                List.of("missing.yaml", "", "missing.yaml: no such file or directory"),
                List.of("bad.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n", "bad.yaml:3: not valid YAML/JSON"),
                List.of("scalar.yaml", "just a string\n", "scalar.yaml:1: expected a Kubernetes object"),
                List.of("typed.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: t}\nspec:\n  template:\n    spec:\n"
                        + "      containers: [{name: c, readinessProbe: {timeoutSeconds: ten}}]\n",
                        "typed.yaml:1: Deployment \"t\": spec.template.spec.containers[0].readinessProbe.timeoutSeconds must be an integer"),
                List.of("noname.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec: {}\n", "noname.yaml:1: Deployment (unnamed): Deployment has no metadata.name"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badManifestsNameFileAndLineWithoutAStackTrace(List<String> c, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(c.get(0));
        if (!c.get(1).isEmpty()) {
            Files.writeString(file, c.get(1));
        }
        Run r = run("audit", "-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + dir + "/" + c.get(2)).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileNameTheSystemCannotUseIsAnErrorNamingIt() {
        Run r = run("audit", "-f", "manifests/a\u0000b.yaml");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: manifests/a\u0000b.yaml: not a usable file name here (")
                .doesNotContain("internal error").doesNotContain("Exception");
    }

    static Stream<List<String>> badPolicies() {
        String head = "apiVersion: ballast.dev/v1alpha1\nkind: StabilityPolicy\nmetadata: {name: p}\nspec:\n";
        return Stream.of(
                List.of(head + "  mode: Enforcee\n  rules: {probes: {}}\n", "p.yaml:5: spec.mode: invalid value \"Enforcee\", must be one of Audit, Warn, Enforce"),
                List.of(head + "  rules:\n    probes:\n      readness: {}\n", "p.yaml:7: unknown field \"readness\" in spec.rules.probes (known: liveness, readiness)"),
                List.of(head.replace("spec:\n", "specs:\n") + "  rules: {probes: {}}\n",
                        "p.yaml:4: unknown field \"specs\" in the document (known: apiVersion, kind, metadata, spec, status)"),
                List.of(head + "  rules:\n    probes: {readiness: {maxTimeoutSeconds: 601}}\n", "p.yaml:6: StabilityPolicy \"p\": spec.rules.probes.readiness.maxTimeoutSeconds: 601 is above the maximum 600"),
                List.of(head + "  rules:\n    autoscaling: {maxTargetCPUUtilization: ninety}\n", "p.yaml:6: spec.rules.autoscaling.maxTargetCPUUtilization: invalid value \"ninety\""),
                List.of(head + "  rules: {probes: {}}\n  exemptions: [{rules: [no-such-rule], reason: x}]\n", "p.yaml:6: spec.exemptions[0].rules[0]: invalid value \"no-such-rule\", must be one of probe-readiness-missing"),
                List.of("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n", "p.yaml:1: expected apiVersion ballast.dev/v1alpha1, kind StabilityPolicy; found apps/v1, Deployment"));
    }

    @ParameterizedTest
    @MethodSource("badPolicies")
    void badPoliciesNameFileLineAndField(List<String> c, @TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, c.get(0));
        Run r = run("audit", "-f", "examples/workloads", "--policy", policy.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + dir + "/" + c.get(1)).doesNotContain("\tat ");
    }

    @Test
    void explicitPolicyFileIsUsed() throws Exception {
        Run r = run("audit", "-f", "examples/workloads", "--policy", "examples/policies/production-enforce.yaml",
                "--format", "json", "--fail-on", "none");
        JsonNode json = r.json();
        assertThat(json.get("findings").findValuesAsText("policy")).containsOnly("production-enforce");
        // shop and legacy are labelled env=prod; the Namespace objects in the input provide the labels
        assertThat(json.get("summary").get("workloads").asInt()).isEqualTo(4);
        assertThat(json.get("findings").findValuesAsText("rule")).contains("probe-liveness-missing");
    }

    @Test
    void everyCorpusManifestAuditsWithoutError() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSize(17);
        for (Path file : files) {
            Run r = run("audit", "-f", file.toString(), "--format", "json", "--fail-on", "none");
            assertThat(r.code()).as(file + ": " + r.err()).isZero();
            assertThat(r.err()).isEmpty();
        }
        JsonNode all = run("audit", "-f", CORPUS.toString(), "--format", "json", "--fail-on", "none").json();
        // 32 minus 3 in kube-system; guestbook and Online Boutique both define default/Deployment/frontend
        assertThat(all.get("summary").get("workloads").asInt()).isEqualTo(29);
    }

    @Test
    void corpusObjectsWrittenInRemovedApiVersionsFailApiDeprecatedWithHigh() throws Exception {
        JsonNode all = run("audit", "-f", CORPUS.toString(), "--format", "json", "--fail-on", "none").json();
        List<String> deprecated = new java.util.ArrayList<>();
        for (JsonNode f : all.get("findings")) {
            if (f.path("rule").asText().equals("api-deprecated")) {
                deprecated.add(f.path("result").asText() + " " + f.path("severity").asText() + " " + f.path("namespace").asText()
                        + "/" + f.path("kind").asText() + "/" + f.path("name").asText() + ": " + f.path("message").asText());
            }
        }
        // kube-score's stable-version flags the same two; the other 28 workloads and HPAs are written in served versions
        assertThat(deprecated).containsExactlyInAnyOrder(
                "fail high cert-manager/Deployment/cert-manager-webhook: apps/v1beta1 Deployment was removed in "
                        + "Kubernetes 1.16 (target 1.34): use apps/v1",
                "fail high default/HorizontalPodAutoscaler/podinfo: autoscaling/v2beta2 HorizontalPodAutoscaler was "
                        + "removed in Kubernetes 1.26 (target 1.34): use autoscaling/v2");
        Run sarif = run("audit", "-f", CORPUS.resolve("cert-manager").toString(), "--format", "sarif", "--fail-on", "none");
        JsonNode result = null;
        for (JsonNode r : sarif.json().path("runs").get(0).path("results")) {
            if (r.path("ruleId").asText().equals("api-deprecated")) {
                result = r;
            }
        }
        assertThat(result).isNotNull();
        assertThat(result.path("level").asText()).as("the result's severity, not the rule's default (warning)").isEqualTo("error");
    }
}
