package dev.ballast.cli;

import static dev.ballast.cli.AuditCommandTest.run;
import static dev.ballast.cli.AuditCommandTest.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11, items 14-17: YAML aliases and merge keys as kubectl reads them (bounded), input limits that fail fast
 * with file and line, empty input, and policy strictness (no rule group, duplicate keys, a directory, the line of
 * the offending field, invalid UTF-8, nesting depth).
 */
class AuditInputStrictnessTest {
    static final String POLICY_HEAD = "apiVersion: ballast.dev/v1alpha1\nkind: StabilityPolicy\nmetadata: {name: p}\nspec:\n";
    static final String DEPLOYMENT_HEAD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
            """;

    static AuditCommandTest.Run audit(Path file, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("audit", "-f", file.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    static void assertOneLineError(AuditCommandTest.Run r, String expectedStart) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + expectedStart).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    // ---- 14: aliases

    @Test
    void aliasesAndMergeKeysAreResolvedAsKubectlDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alias.yaml");
        Files.writeString(file, DEPLOYMENT_HEAD + """
                      containers:
                      - name: one
                        image: x
                        securityContext: &sc
                          runAsNonRoot: true
                          allowPrivilegeEscalation: false
                          capabilities: {drop: [ALL]}
                          seccompProfile: {type: RuntimeDefault}
                      - name: two
                        image: x
                        securityContext: *sc
                      - name: three
                        image: x
                        securityContext:
                          <<: *sc
                          runAsUser: 1000
                """);
        AuditCommandTest.Run r = audit(file, "--format", "json", "--fail-on", "none");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode findings = r.json().get("findings");
        for (JsonNode f : findings) {
            assertThat(f.get("rule").asText()).as(f.toString())
                    .isNotIn("run-as-non-root", "privilege-escalation-allowed", "capabilities-not-dropped", "seccomp-profile");
        }
        // the containers without the alias resolved would fail exactly those rules: prove the check can fail
        Files.writeString(file, Files.readString(file).replace("securityContext: *sc", "securityContext: {}"));
        JsonNode unresolved = audit(file, "--format", "json", "--fail-on", "none").json().get("findings");
        assertThat(unresolved.findValuesAsText("rule")).contains("run-as-non-root", "seccomp-profile");
    }

    @Test
    void aScalarAnchorInAMappingValueIsResolved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scalar.yaml");
        Files.writeString(file, DEPLOYMENT_HEAD + """
                      containers:
                      - name: one
                        image: &image registry.example/app:1.0
                        readinessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: &timeout 30}
                      - name: two
                        image: *image
                        readinessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: *timeout}
                """);
        AuditCommandTest.Run r = audit(file, "--format", "json", "--fail-on", "none");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> timeouts = new java.util.ArrayList<>();
        r.json().get("findings").forEach(f -> {
            if ("probe-timeout".equals(f.get("rule").asText())) {
                timeouts.add(f.get("container").asText() + ": " + f.get("message").asText());
            }
        });
        assertThat(timeouts).containsExactlyInAnyOrder(
                "one: container \"one\": readinessProbe.timeoutSeconds is 30, policy maximum is 10",
                "two: container \"two\": readinessProbe.timeoutSeconds is 30, policy maximum is 10");
    }

    @Test
    void anUndefinedAliasIsAnErrorAtItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("undefined.yaml");
        Files.writeString(file, DEPLOYMENT_HEAD + "      containers:\n      - name: one\n        image: x\n        securityContext: *nope\n");
        assertOneLineError(audit(file), file + ":10: undefined alias *nope");
    }

    @Test
    void aRecursiveAliasIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recursive.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &d\n  self: *d\n");
        assertOneLineError(audit(file), file + ":5: alias *d refers to a node that contains it");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard only: the limit is asserted by behaviour
    void billionLaughsFailsOnTheExpansionBound(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n");
        yaml.append("  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        String previous = "a";
        for (char level = 'b'; level <= 'i'; level++) {
            yaml.append("  ").append(level).append(": &").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*" + previous))).append("]\n");
            previous = String.valueOf(level);
        }
        Path file = dir.resolve("lol.yaml");
        Files.writeString(file, yaml.toString());
        AuditCommandTest.Run r = audit(file);
        assertOneLineError(r, file + ":");
        assertThat(r.err()).contains("aliases expand the document to more than 1000000 values");
    }

    @Test
    void theAliasCountIsBounded(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: &v x\n");
        for (int i = 0; i < 101; i++) {
            yaml.append("  k").append(i).append(": *v\n");
        }
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, yaml.toString());
        assertOneLineError(audit(file), file + ":106: more than 100 aliases in one document");
    }

    // ---- 15: input limits fail fast, with file and line

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTwentyMegabyteScalarFailsOnTheLineLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x".repeat(20 << 20) + "\n");
        assertOneLineError(audit(file), file + ":5: line is " + (8 + (20 << 20))
                + " characters long, over the limit of 1048576 (--max-line-length)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLargeScalarOnStdinFailsToo() {
        String big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x".repeat(20 << 20) + "\n";
        assertOneLineError(runWithStdin(big, "audit", "-f", "-"), "<stdin>:5: line is " + (8 + (20 << 20)) + " characters long");
    }

    @Test
    void theLineAndScalarLimitsAreFlags() {
        String doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  v: " + "x".repeat(2000) + "\n";
        assertThat(runWithStdin(doc, "audit", "-f", "-").code()).isZero();
        assertOneLineError(runWithStdin(doc, "audit", "-f", "-", "--max-line-length", "1000"),
                "<stdin>:5: line is 2005 characters long, over the limit of 1000 (--max-line-length)");
        assertOneLineError(runWithStdin(doc, "audit", "-f", "-", "--max-scalar-length", "1000"),
                "<stdin>:5: value is 2000 characters long, over the limit of 1000 (--max-scalar-length)");
        assertOneLineError(runWithStdin(doc, "audit", "-f", "-", "--max-file-size", "0"),
                "--max-file-size, --max-line-length and --max-scalar-length must be positive");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLongMultiLineValueFailsOnTheScalarLimit(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  script: |\n");
        String line = "    " + "y".repeat(95) + "\n";
        yaml.append(line.repeat((3 << 19) / 96));
        Path file = dir.resolve("block.yaml");
        Files.writeString(file, yaml.toString());
        assertOneLineError(audit(file), file + ":5: value is ");
        assertThat(audit(file).err()).contains("over the limit of 1048576 (--max-scalar-length)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLargeJsonStringFailsOnTheScalarLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.json");
        Files.writeString(file, "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"},\n \"data\": {\"b\": \""
                + "z".repeat(20 << 20) + "\"}}");
        assertOneLineError(audit(file), file + ":2: value is longer than the limit of 1048576 characters (--max-scalar-length)");
    }

    @Test
    void theFileSizeLimitIsCheckedBeforeReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("size.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n" + "  k: v\n".repeat(200_000));
        assertOneLineError(audit(file, "--max-file-size", "1048576"), file + ": " + Files.size(file) + " bytes, over the limit of 1048576 (--max-file-size)");
        AuditCommandTest.Run stdin = runWithStdin(Files.readString(file), "audit", "-f", "-", "--max-file-size", "1048576");
        assertOneLineError(stdin, "<stdin>: more than 1048576 bytes, over the limit of 1048576 (--max-file-size)");
    }

    @Test
    void stdinJsonOnOneLongLineIsReadAsJson() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 12_000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c")
                    .append(i).append("\"},\"data\":{\"k\":\"").append("v".repeat(150)).append("\"}}");
        }
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + items + "]}";
        assertThat(json.length()).isGreaterThan(2 << 20);
        AuditCommandTest.Run r = runWithStdin(json, "audit", "-f", "-");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void nestingDeeperThanTheLimitNamesTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deep.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n  k: " + "[".repeat(150) + "]".repeat(150) + "\n");
        assertOneLineError(audit(file), file + ":5: nested deeper than 100 levels");
        Path policy = dir.resolve("deep-policy.yaml");
        Files.writeString(policy, POLICY_HEAD + "  rules: {probes: {}}\n  x: " + "[".repeat(150) + "]".repeat(150) + "\n");
        assertOneLineError(run("audit", "-f", "examples/workloads", "--policy", policy.toString()), policy + ":6: nested deeper than 100 levels");
    }

    // ---- 16: empty input

    @Test
    void emptyStdinIsAnErrorUnlessAllowed() throws Exception {
        assertOneLineError(runWithStdin("", "audit", "-f", "-"), "<stdin>: no Kubernetes objects read (pass --allow-empty to accept empty input)");
        assertOneLineError(runWithStdin("---\n# nothing\n---\n", "audit", "-f", "-"), "<stdin>: no Kubernetes objects read");
        AuditCommandTest.Run allowed = runWithStdin("", "audit", "-f", "-", "--allow-empty", "--format", "json");
        assertThat(allowed.code()).isZero();
        assertThat(allowed.json().get("summary").get("workloads").asInt()).isZero();
    }

    @Test
    void anEmptyFileOrDirectoryIsAnErrorToo(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "");
        assertOneLineError(audit(empty), empty + ": no Kubernetes objects read");
        Path emptyDir = Files.createDirectory(dir.resolve("nothing"));
        assertOneLineError(audit(emptyDir), emptyDir + ": no Kubernetes objects read");
    }

    // ---- 17: policy and manifest strictness

    @Test
    void aPolicyWithNoRuleGroupIsRejected(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, POLICY_HEAD + "  mode: Audit\n  rules: {}\n");
        assertOneLineError(run("audit", "-f", "examples/workloads", "--policy", policy.toString()),
                policy + ":6: StabilityPolicy \"p\": spec.rules: set at least one rule group");
    }

    @Test
    void twoPoliciesWithoutASeparatorAreADuplicateKeyError(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, POLICY_HEAD + "  rules: {probes: {}}\n"
                + POLICY_HEAD.replace("name: p", "name: q") + "  rules: {resources: {}}\n");
        assertOneLineError(run("audit", "-f", "examples/workloads", "--policy", policy.toString()),
                policy + ":6: duplicate key \"apiVersion\" (first at line 1); is a --- missing between two documents?");
    }

    @Test
    void duplicateKeysInAManifestAreAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dup.yaml");
        Files.writeString(file, DEPLOYMENT_HEAD + "      containers:\n      - name: one\n        image: x\n        image: y\n");
        assertOneLineError(audit(file), file + ":10: duplicate key \"image\" in spec.template.spec.containers[0] (first at line 9)");
        Path json = dir.resolve("dup.json");
        Files.writeString(json, "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": \"a\"},\n \"metadata\": {\"name\": \"b\"}}");
        assertOneLineError(audit(json), json + ":3: duplicate key \"metadata\" (first at line 2)");
    }

    @Test
    void aPolicyDirectoryIsReadWhole(@TempDir Path dir) throws Exception {
        Path policies = Files.createDirectory(dir.resolve("policies"));
        Files.writeString(policies.resolve("a.yaml"), POLICY_HEAD.replace("name: p", "name: first") + "  rules: {probes: {}}\n");
        Files.writeString(policies.resolve("b.yml"), POLICY_HEAD.replace("name: p", "name: second") + "  rules: {resources: {}}\n");
        Files.writeString(policies.resolve("notes.txt"), "not a policy");
        AuditCommandTest.Run r = run("audit", "-f", "examples/workloads", "--policy", policies.toString(), "--format", "json", "--fail-on", "none");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("findings").findValuesAsText("policy")).contains("first", "second");

        Files.writeString(policies.resolve("c.yaml"), POLICY_HEAD.replace("name: p", "name: first") + "  rules: {mtls: {}}\n");
        assertOneLineError(run("audit", "-f", "examples/workloads", "--policy", policies.toString()),
                policies.resolve("c.yaml") + ":1: StabilityPolicy \"first\" is defined twice (first at " + policies.resolve("a.yaml") + ":1)");

        Path none = Files.createDirectory(dir.resolve("none"));
        assertOneLineError(run("audit", "-f", "examples/workloads", "--policy", none.toString()),
                none + ": directory holds no *.yaml, *.yml or *.json file (--policy)");
    }

    @Test
    void anOutOfRangeValueIsReportedAtItsOwnLine(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, POLICY_HEAD + """
                  mode: Audit
                  match:
                    excludeNamespaces: [kube-system]
                  rules:
                    probes:
                      readiness:
                        required: true
                        allowedPaths: [/healthz]
                        maxTimeoutSeconds: 10
                      liveness:
                        required: false
                    resources:
                      memoryLimitRequired: true
                    securityContext:
                      runAsNonRoot: true
                    autoscaling:
                      maxTargetCPUUtilization: 80
                    gitops:
                      allowedManagers: [argocd-controller]
                  exemptions:
                  - rules: [probe-timeout]
                    reason: batch
                  - names: [legacy-*]
                    reason: ""
                """);
        int line = Files.readAllLines(policy).indexOf("      maxTargetCPUUtilization: 80") + 1;
        assertThat(line).isEqualTo(21);
        Files.writeString(policy, Files.readString(policy).replace("maxTargetCPUUtilization: 80", "maxTargetCPUUtilization: 180"));
        AuditCommandTest.Run r = run("audit", "-f", "examples/workloads", "--policy", policy.toString());
        assertOneLineError(r, policy + ":21: StabilityPolicy \"p\": spec.rules.autoscaling.maxTargetCPUUtilization: 180 is above the maximum 100");
    }

    @Test
    void invalidUtf8NamesTheLineAndByteOffset(@TempDir Path dir) throws Exception {
        byte[] head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        byte[] tail = "\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        Path file = dir.resolve("latin.yaml");
        Files.write(file, all);
        assertOneLineError(audit(file), "file " + file + ": invalid UTF-8 at line 3 (byte offset " + head.length + ")");
        assertOneLineError(run("audit", "-f", "examples/workloads", "--policy", file.toString()),
                "file " + file + ": invalid UTF-8 at line 3 (byte offset " + head.length + ")");
    }
}
