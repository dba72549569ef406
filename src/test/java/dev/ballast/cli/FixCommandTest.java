package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ballast fix} on every file of the public corpus: fix, then audit finds only what the fixer cannot repair,
 * then {@code fix --dry-run} changes nothing; the diff touches only repaired lines.
 */
class FixCommandTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    /** Keys a repair writes; an added line starts with one of these, or is an item of an added list. */
    private static final List<String> REPAIR_KEYS = List.of("securityContext:", "runAsNonRoot:", "allowPrivilegeEscalation:",
            "capabilities:", "drop:", "- ALL", "seccompProfile:", "type: RuntimeDefault", "limits:", "requests:", "memory:",
            "timeoutSeconds:", "failureThreshold:", "averageUtilization:", "targetCPUUtilizationPercentage:", "metrics:",
            "terminationMessagePolicy:");
    /** Keys whose existing value a repair may change. */
    private static final List<String> REPLACED_KEYS = List.of("memory:", "timeoutSeconds:", "failureThreshold:",
            "averageUtilization:", "targetCPUUtilizationPercentage:", "drop:");

    @TempDir
    Path tmp;

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void fixThenAuditThenFixAgainChangesNothing(Path file) throws Exception {
        Path copy = tmp.resolve(file.getFileName());
        Files.copy(file, copy);
        String before = Files.readString(copy);

        AuditCommandTest.Run dry = AuditCommandTest.run("fix", "-f", copy.toString(), "--dry-run", "--diff");
        assertThat(Files.readString(copy)).as("--dry-run writes nothing").isEqualTo(before);
        AuditCommandTest.Run fix = AuditCommandTest.run("fix", "-f", copy.toString());
        assertThat(fix.code()).as(fix.err()).isIn(0, 1);
        assertThat(dry.code()).isEqualTo(fix.code());
        String after = Files.readString(copy);
        assertThat(UnifiedDiff.of(copy.toString(), before, after)).as("--diff shows what fix writes").isEqualTo(diffPart(dry.out()));
        assertOnlyRepairedLinesChanged(UnifiedDiff.of(copy.toString(), before, after));

        // audit: only findings the fixer reported it cannot repair
        AuditCommandTest.Run audit = AuditCommandTest.run("audit", "-f", copy.toString(), "--format", "json", "--fail-on", "violation");
        assertThat(audit.code()).isEqualTo(fix.code());
        for (var finding : audit.json().get("findings")) {
            if (finding.path("result").asText().equals("fail")) {
                String rule = finding.path("rule").asText();
                assertThat(fix.out()).as("a failure after fix is one it cannot repair: " + finding).contains(": " + rule + ": ");
                assertThat(fix.out().lines().filter(l -> l.startsWith("cannot fix: ") && l.contains(": " + rule + ": ")))
                        .as("reported as unrepairable: " + rule).isNotEmpty();
            }
        }

        AuditCommandTest.Run again = AuditCommandTest.run("fix", "-f", copy.toString(), "--dry-run", "--diff");
        assertThat(again.out()).doesNotContain("would fix: ").doesNotContain("+++ ");
        assertThat(again.out()).contains("0 repairs in 0 files");
        assertThat(Files.readString(copy)).isEqualTo(after);
        assertThat(again.code()).isEqualTo(fix.code());
    }

    private static String diffPart(String out) {
        int end = out.indexOf("\nwould fix: ");
        int alt = out.indexOf("\ncannot fix: ");
        int cut = end < 0 ? alt : alt < 0 ? end : Math.min(end, alt);
        return out.startsWith("--- ") ? out.substring(0, cut + 1) : "";
    }

    private static void assertOnlyRepairedLinesChanged(String diff) {
        for (String line : diff.lines().toList()) {
            if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("@@") || line.startsWith(" ")) {
                continue;
            }
            String body = line.substring(1).strip();
            List<String> allowed = line.startsWith("+") ? REPAIR_KEYS : REPLACED_KEYS;
            assertThat(allowed.stream().anyMatch(body::startsWith) || line.startsWith("+") && body.startsWith("- ")
                    || line.startsWith("+") && body.matches("(name: cpu|type: (Resource|Utilization)|resource:|target:)"))
                    .as("changed line: " + line).isTrue();
        }
    }

    @Test
    void aCompliantFileIsLeftAloneAndExitsZero() throws IOException {
        Path file = tmp.resolve("ok.yaml");
        Files.copy(Path.of("examples/workloads").resolve(compliantExample()), file);
        String before = Files.readString(file);
        AuditCommandTest.Run r = AuditCommandTest.run("fix", "-f", file.toString());
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(r.out()).contains("0 repairs in 0 files");
    }

    @Test
    void repairsEverythingRepairableAndExitsZero() throws IOException {
        Path file = tmp.resolve("app.yaml");
        Files.writeString(file, """
                # the app
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                      - name: app   # main
                        image: "example/web:1"
                        readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 30, failureThreshold: 5}
                        resources:
                          requests: {memory: 256Mi}
                """);
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: p}
                spec:
                  rules:
                    probes: {}
                    resources: {cpuRequestRequired: false}
                    securityContext: {}
                """);
        AuditCommandTest.Run r = AuditCommandTest.run("fix", "-f", file.toString(), "--policy", policy.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo("""
                # the app
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                      - name: app   # main
                        image: "example/web:1"
                        readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 10, failureThreshold: 5}
                        resources:
                          requests: {memory: 256Mi}
                          limits:
                            memory: 256Mi
                        securityContext:
                          allowPrivilegeEscalation: false
                          capabilities:
                            drop:
                            - ALL
                      securityContext:
                        runAsNonRoot: true
                        seccompProfile:
                          type: RuntimeDefault
                """);
        assertThat(r.out()).contains("fixed: " + file + ":2 Deployment shop/web: probe-timeout: container \"app\": "
                + "readinessProbe.timeoutSeconds: 10 (policy maximum)");
    }

    @Test
    void explicitValuesAreKeptAndExitOne() throws IOException {
        Path file = tmp.resolve("root.json");
        String text = """
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
                 "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "x",
                   "securityContext": {"privileged": true, "runAsNonRoot": false}}]}}}}
                """;
        Files.writeString(file, text);
        AuditCommandTest.Run r = AuditCommandTest.run("fix", "-f", file.toString());
        assertThat(r.code()).isEqualTo(1);
        // each violation left once: what is wrong, then why fix leaves it
        assertThat(r.out()).contains("cannot fix: " + file + ":1 Deployment shop/web: privileged-container: container \"app\": "
                + "securityContext.privileged is true — privileged: true is an explicit choice; kept\n");
        assertThat(r.out()).containsPattern("cannot fix: .* run-as-non-root: container \"app\": [^\n]* — runAsNonRoot: false is an"
                + " explicit choice; kept\n");
        assertThat(r.out().lines().filter(l -> l.contains(": privileged-container: "))).hasSize(1);
        String fixed = Files.readString(file);
        assertThat(fixed).contains("\"privileged\": true, \"runAsNonRoot\": false");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixed)).isNotNull(); // still JSON
    }

    @Test
    void whatIsLeftIsNamedOnceInFileOrderAtTheLinesOfTheFileOnDisk() throws IOException {
        Path file = tmp.resolve("two.yaml");
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: first, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: app, image: x}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: second, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: app, image: x, securityContext: {privileged: true}}
                """);
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: p}
                spec:
                  rules: {securityContext: {}}
                """);

        AuditCommandTest.Run dry = AuditCommandTest.run("fix", "-f", file.toString(), "--policy", policy.toString(), "--dry-run");
        // the dry run names the lines of the file as it is (nothing was written)
        assertThat(dry.out()).contains("cannot fix: " + file + ":10 Deployment shop/second: privileged-container: ");
        assertThat(dry.out().lines().filter(l -> l.startsWith("would fix: ")).map(l -> l.split(" ")[2]))
                .as("in file and line order").isSortedAccordingTo(java.util.Comparator.comparingInt(
                        (String at) -> Integer.parseInt(at.substring(at.lastIndexOf(':') + 1))));
        assertThat(dry.out()).doesNotContain("remaining: ").containsPattern("\\d+ repairs in 1 file \\(dry run: nothing written\\);"
                + " \\d+ violations left that fix cannot repair\n");

        AuditCommandTest.Run fix = AuditCommandTest.run("fix", "-f", file.toString(), "--policy", policy.toString());
        List<String> lines = Files.readString(file).lines().toList();
        int second = lines.subList(1, lines.size()).indexOf("apiVersion: apps/v1") + 2; // its document's first line
        assertThat(second).isGreaterThan(10);
        // written: the lines of the fixed file, where the first Deployment has grown
        assertThat(fix.out()).contains("cannot fix: " + file + ":" + second + " Deployment shop/second: privileged-container: ");
    }

    @Test
    void badInputNamesTheFileAndWritesNothing() throws IOException {
        Path good = tmp.resolve("a.yaml");
        Files.writeString(good, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}\n");
        Path bad = tmp.resolve("b.yaml");
        Files.writeString(bad, "kind: Deployment\nmetadata: [\n");
        String before = Files.readString(good);
        AuditCommandTest.Run r = AuditCommandTest.run("fix", "-f", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString());
        assertThat(Files.readString(good)).isEqualTo(before);
        assertThat(AuditCommandTest.run("fix", "-f", "-").err()).contains("stdin is not supported");
    }

    private static String compliantExample() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples/workloads"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("compliant") || n.contains("good"))
                    .findFirst().orElseThrow();
        }
    }

}
