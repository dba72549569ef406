package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.api.status.ViolationEntry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime rules on the real kube-apiserver. There is no kubelet, so the test plays one: a Deployment, a
 * ReplicaSet it owns and two Pods the ReplicaSet owns, whose status subresource is then written as a kubelet
 * would (a crash loop ending in {@code fatal error: concurrent map writes}, an OOM kill). Every surface shows the
 * failures (status, PolicyReport, Event, metric, the operator's report and {@code ballast report}); a status change
 * the rules cannot see evaluates nothing, one they can evaluates only its workload; and once the terminations
 * leave the window, the findings go.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimeFailuresE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();
    static final String HASH = "5d9c7f";
    static final String REPLICA_SET = "web-" + HASH;
    static final String FATAL = "fatal error: concurrent map writes";
    static final String GO_CRASH = FATAL + "\n\ngoroutine 7 [running]:\nmain.main.func1()\n\t/app/cache.go:31 +0x4c\n"
            + "created by main.main in goroutine 1\n\t/app/cache.go:28 +0x2a\n";
    static final Set<String> RUNTIME_RULES = Set.of("crash-looping", "oom-killed", "go-runtime-fatal");
    static OperatorProcess operator;
    static String ns;
    static Instant crashedAt;

    static String policyName() {
        return "runtime-" + ns;
    }

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        cluster.installCrds("manifests/optional/policyreport-crd.yaml");
        ok(cluster.kubectl("label", "namespace", ns, "ballast-runtime=" + ns, "--overwrite"));
        apply(deployment("web") + "---\n" + deployment("calm"));
        String deploymentUid = ok(cluster.kubectl("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.uid}")).out();
        apply(replicaSet(deploymentUid));
        String replicaSetUid = ok(cluster.kubectl("get", "replicaset", REPLICA_SET, "-n", ns, "-o",
                "jsonpath={.metadata.uid}")).out();
        apply(pod(REPLICA_SET + "-a", replicaSetUid) + "---\n" + pod(REPLICA_SET + "-b", replicaSetUid));
        apply("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s}
                spec:
                  mode: Audit
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-runtime: %s}}
                  rules:
                    resources: {}
                    runtime: {maxRestarts: 3, window: 1h}
                """.formatted(policyName(), ns));
        operator = OperatorProcess.start(cluster.plane(), "runtime-failures", Map.of());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status()).isNotNull();
            assertThat(status().summary()).isNotNull();
            assertThat(status().summary().workloads()).isEqualTo(2);
        });
        assertThat(runtimeFailures(status())).as("Pods without a crash").isEmpty();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (operator != null) {
            operator.close();
        }
        cluster.kubectl("delete", "stabpol", policyName(), "--ignore-not-found", "--wait=false");
    }

    /** Memory request below the limit, so an OOM kill is explained by memory-limit-not-equal-request. */
    static String deployment(String name) {
        return E2eManifests.deployment(ns, name, """
                containers:
                - name: app
                  image: example/app:1
                  resources: {requests: {memory: 128Mi, cpu: 100m}, limits: {memory: 256Mi}}
                """);
    }

    static String replicaSet(String deploymentUid) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %s
                  namespace: %s
                  labels: {app: web, pod-template-hash: %s}
                  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: %s, controller: true}]
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web, pod-template-hash: %s}}
                  template:
                    metadata: {labels: {app: web, pod-template-hash: %s}}
                    spec: {containers: [{name: app, image: "example/app:1"}]}
                """.formatted(REPLICA_SET, ns, HASH, deploymentUid, HASH, HASH);
    }

    static String pod(String name, String replicaSetUid) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels: {app: web, pod-template-hash: %s}
                  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %s, uid: %s, controller: true}]
                spec: {containers: [{name: app, image: "example/app:1"}]}
                """.formatted(name, ns, HASH, REPLICA_SET, replicaSetUid);
    }

    /** Writes a Pod's status subresource as a kubelet would: one container {@code app} with these fields. */
    static void writeStatus(String pod, int restarts, Map<String, Object> state, Map<String, Object> lastState,
                            boolean ready) throws Exception {
        ObjectNode status = JSON.createObjectNode();
        ObjectNode body = status.putObject("status");
        body.put("phase", "Running");
        body.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False");
        ObjectNode container = body.putArray("containerStatuses").addObject();
        container.put("name", "app").put("image", "example/app:1").put("imageID", "").put("ready", ready)
                .put("started", ready).put("restartCount", restarts);
        container.set("state", JSON.valueToTree(state));
        container.set("lastState", JSON.valueToTree(lastState));
        ok(cluster.kubectl("patch", "pod", pod, "-n", ns, "--subresource=status", "--type=merge", "-p",
                JSON.writeValueAsString(status)));
    }

    static Map<String, Object> terminated(String reason, int exitCode, Instant finishedAt, String message) {
        Map<String, Object> t = new java.util.LinkedHashMap<>(Map.of("reason", reason, "exitCode", exitCode,
                "startedAt", time(finishedAt.minusSeconds(40)), "finishedAt", time(finishedAt)));
        if (message != null) {
            t.put("message", message);
        }
        return Map.of("terminated", t);
    }

    static Map<String, Object> running(Instant since) {
        return Map.of("running", Map.of("startedAt", time(since)));
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Pod a crash-loops on a Go fatal error; Pod b was OOM-killed and runs again, not ready yet. */
    static void crash(Instant at) throws Exception {
        writeStatus(REPLICA_SET + "-a", 5,
                Map.of("waiting", Map.of("reason", "CrashLoopBackOff", "message", "back-off 5m0s restarting failed container=app")),
                terminated("Error", 2, at, GO_CRASH), false);
        writeStatus(REPLICA_SET + "-b", 1, running(at.plusSeconds(5)), terminated("OOMKilled", 137, at, null), false);
    }

    @Test
    @Order(1)
    void podStatusAsAKubeletWritesItFailsTheRuntimeRules() throws Exception {
        crashedAt = Instant.now().minusSeconds(120);
        crash(crashedAt);
        await().atMost(WAIT).untilAsserted(() -> assertThat(runtimeFailures(status()))
                .containsExactlyInAnyOrder("web/crash-looping", "web/oom-killed", "web/go-runtime-fatal"));
        Map<String, String> messages = status().violations().stream().filter(v -> RUNTIME_RULES.contains(v.rule()))
                .collect(Collectors.toMap(ViolationEntry::rule, ViolationEntry::message));
        assertThat(messages.get("go-runtime-fatal")).contains(FATAL).contains("goroutine 7 [running]")
                .contains(REPLICA_SET + "-a");
        assertThat(messages.get("oom-killed")).contains(REPLICA_SET + "-b").contains("memory-limit-not-equal-request");
        assertThat(messages.get("crash-looping")).contains("CrashLoopBackOff");
    }

    @Test
    @Order(2)
    void everySurfaceShowsTheFailures() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> assertThat(failingReportResults()).as("PolicyReport results, category runtime")
                .containsExactlyInAnyOrder("web crash-looping", "web oom-killed", "web go-runtime-fatal"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(violationEvents("web"))
                .anySatisfy(m -> assertThat(m).contains("go-runtime-fatal").contains("oom-killed").contains("crash-looping")));
        String metrics = operator.get("/q/metrics").body();
        for (String rule : RUNTIME_RULES) {
            assertThat(PrometheusText.sum(metrics, "ballast_runtime_failures", "policy=\"" + policyName() + "\"",
                    "namespace=\"" + ns + "\"", "rule=\"" + rule + "\"")).as(rule).isEqualTo(1.0);
        }

        JsonNode served = runtimeRow(JSON.readTree(operator.report("/report.json").body()));
        assertThat(served).as("operator /report.json runtime row").isNotNull();
        assertThat(served.toString()).contains(FATAL).contains("memory-limit-not-equal-request");
        String html = operator.report("/report").body();
        assertThat(html).contains("h-runtime").contains(FATAL);

        JsonNode cli = runtimeRow(ballastReport());
        assertThat(cli).as("ballast report's runtime row, from the live cluster").isNotNull();
        assertThat(cli.path("failures").findValuesAsText("rule")).containsExactlyInAnyOrderElementsOf(RUNTIME_RULES);
        assertThat(cli.toString()).contains(FATAL);
    }

    @Test
    @Order(3)
    void aChangeTheRulesCannotSeeEvaluatesNothingAndOneTheyCanOnlyItsWorkload() throws Exception {
        double before = settledEvaluations();
        // Pod b turns ready: nothing a runtime rule reads
        writeStatus(REPLICA_SET + "-b", 1, running(crashedAt.plusSeconds(5)), terminated("OOMKilled", 137, crashedAt, null), true);
        Thread.sleep(3000);
        assertThat(settledEvaluations()).as("evaluations after a readiness change").isEqualTo(before);

        // Pod b is OOM-killed again: the rules see it, and only its Deployment (not calm) is evaluated
        writeStatus(REPLICA_SET + "-b", 2, running(Instant.now()), terminated("OOMKilled", 137,
                Instant.now().minusSeconds(30), null), false);
        await().atMost(WAIT).until(() -> evaluations() > before);
        assertThat(settledEvaluations() - before).as("evaluations after one Pod's OOM kill").isEqualTo(1.0);
    }

    @Test
    @Order(4)
    void findingsGoWhenTheTerminationsLeaveTheWindow() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        writeStatus(REPLICA_SET + "-a", 5, running(longAgo.plusSeconds(10)), terminated("Error", 2, longAgo, GO_CRASH), true);
        writeStatus(REPLICA_SET + "-b", 2, running(longAgo.plusSeconds(10)), terminated("OOMKilled", 137, longAgo, null), true);

        await().atMost(WAIT).untilAsserted(() -> assertThat(runtimeFailures(status())).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(failingReportResults()).isEmpty());
        assertThat(operator.get("/q/metrics").body()).doesNotContain("ballast_runtime_failures{namespace=\"" + ns + "\"");
        await().atMost(WAIT).untilAsserted(() -> assertThat(runtimeRow(JSON.readTree(operator.report("/report.json").body())) == null)
                .as("no runtime row in /report.json").isTrue());
        assertThat(runtimeRow(ballastReport()) == null).as("no runtime row in ballast report").isTrue();
    }

    static void apply(String yaml) {
        ok(cluster.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    static StabilityPolicyStatus status() {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(policyName()).get();
        return p == null ? null : p.getStatus();
    }

    static Set<String> runtimeFailures(StabilityPolicyStatus s) {
        return s.violations().stream().filter(v -> RUNTIME_RULES.contains(v.rule())).map(v -> v.name() + "/" + v.rule())
                .collect(Collectors.toSet());
    }

    /** "workload rule" of every failing PolicyReport result in category runtime. */
    @SuppressWarnings("unchecked")
    static Set<String> failingReportResults() {
        GenericKubernetesResource report = cluster.client().genericKubernetesResources(POLICY_REPORT).inNamespace(ns)
                .withName("ballast-" + policyName()).get();
        assertThat(report).as("PolicyReport ballast-%s", policyName()).isNotNull();
        List<Map<String, Object>> results = (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
        return results.stream().filter(r -> "runtime".equals(r.get("category")) && "fail".equals(r.get("result"))
                        && RUNTIME_RULES.contains((String) r.get("rule")))
                .map(r -> ((List<Map<String, Object>>) r.get("resources")).get(0).get("name") + " " + r.get("rule"))
                .collect(Collectors.toSet());
    }

    static List<String> violationEvents(String workload) {
        return cluster.client().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> workload.equals(e.getInvolvedObject().getName()) && "StabilityViolation".equals(e.getReason())
                        && e.getMessage().startsWith("policy " + policyName() + ":"))
                .map(io.fabric8.kubernetes.api.model.Event::getMessage).toList();
    }

    /** The report's Runtime row of Deployment web in this namespace, or null. */
    static JsonNode runtimeRow(JsonNode report) {
        for (JsonNode row : report.path("runtime")) {
            if (ns.equals(row.path("namespace").asText()) && "web".equals(row.path("name").asText())) {
                return row;
            }
        }
        return null;
    }

    static JsonNode ballastReport() throws Exception {
        Path out = Files.createTempFile("ballast-report", ".json");
        try {
            var cli = ControlPlane.Command.run(cluster.plane().root(), Duration.ofSeconds(120), null, List.of("bin/ballast",
                    "report", "--kubeconfig", cluster.plane().kubeconfig().toString(), "--format", "json", "-o", out.toString()));
            assertThat(cli.code()).as(cli.all()).isZero();
            assertThat(cli.err()).as("no warning about Pods").doesNotContain("Pod status is not read");
            return JSON.readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static double evaluations() throws Exception {
        return PrometheusText.sum(operator.get("/q/metrics").body(), "ballast_evaluations_total",
                "policy=\"" + policyName() + "\"");
    }

    /** ballast_evaluations_total of this policy once it has stopped moving (no reconcile under way). */
    static double settledEvaluations() throws Exception {
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double now = evaluations();
            if (!seen.isEmpty() && seen.get(seen.size() - 1) == now) {
                return now;
            }
            seen.add(now);
            Thread.sleep(1500);
        }
        throw new AssertionError("ballast_evaluations_total kept moving: " + seen);
    }
}
