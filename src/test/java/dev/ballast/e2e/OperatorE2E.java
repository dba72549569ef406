package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.api.status.ViolationEntry;
import dev.ballast.cli.BallastCli;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The operator as a separate process against the real API server: status, PolicyReports, Events, mTLS from
 * PeerAuthentications, HPA remediation, concurrent policies, and an API server restart underneath it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();
    static final String OPTIONAL_CRDS = "peerauthentications.security.istio.io policyreports.wgpolicyk8s.io";
    static OperatorProcess operator;
    static String ns;

    @BeforeAll
    static void setUp() {
        ns = cluster.namespace();
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-e2e=" + ns, "istio-injection=enabled", "--overwrite"));
        // start from a plane without the optional CRDs (a reused plane may have them from an earlier run)
        ok(cluster.kubectl(("delete crd --ignore-not-found --wait=true " + OPTIONAL_CRDS).split(" ")));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (operator != null) {
            operator.close();
        }
        cluster.kubectl("delete", "stabpol", "-l", "ballast-e2e=" + ns, "--wait=false");
    }

    static String policy(String name, String extraRules) {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata:
                  name: %s
                  labels: {ballast-e2e: %s}
                spec:
                  mode: Audit
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-e2e: %s}}
                  rules:
                    probes: {}
                    resources: {}
                    securityContext: {}
                    mtls: {}
                %s""".formatted(name, ns, ns, extraRules);
    }

    static String deployment(String name, boolean compliant) {
        String container = compliant ? """
                  readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 2, failureThreshold: 5}
                  resources: {requests: {memory: 256Mi, cpu: 100m}, limits: {memory: 256Mi}}
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """ : """
                  readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 30}
                  resources: {requests: {memory: 128Mi, cpu: 100m}, limits: {memory: 256Mi}}
                """;
        return E2eManifests.deployment(ns, name, "labels: {app: " + name + "}", """
                securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                containers:
                - name: app
                  image: example/app:1
                """ + container);
    }

    static String peerAuthentication(String mode) {
        return E2eManifests.peerAuthentication(ns, mode);
    }

    static StabilityPolicyStatus status(String name) {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(name).get();
        return p == null ? null : p.getStatus();
    }

    static void apply(String yaml) {
        ok(cluster.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    @Test
    @Order(1)
    void runsWithoutOptionalCrdsAndSaysSo() throws Exception {
        try (OperatorProcess bare = OperatorProcess.start(cluster.plane(), "operator-bare", Map.of())) {
            apply(policy("bare-" + ns, ""));
            await().atMost(WAIT).untilAsserted(() -> {
                StabilityPolicyStatus s = status("bare-" + ns);
                assertThat(s).isNotNull();
                assertThat(s.conditions().get(0).getStatus()).isEqualTo("True");
                assertThat(s.mtlsJudgement()).contains("PeerAuthentication CRD (peerauthentications.security.istio.io) is not installed")
                        .contains("PolicyReport CRD (policyreports.wgpolicyk8s.io) not installed");
            });
        }
        ok(cluster.kubectl("delete", "stabpol", "bare-" + ns, "--wait=false"));
        cluster.installCrds("hack/controlplane/peerauthentication-crd.yaml", "manifests/optional/policyreport-crd.yaml");
        operator = OperatorProcess.start(cluster.plane(), "operator", Map.of());
    }

    @Test
    @Order(2)
    void statusMatchesTheCliAndFollowsAFix() throws Exception {
        apply(peerAuthentication("STRICT"));
        apply(deployment("good", true));
        apply(deployment("bad", false));
        String policy = policy("main-" + ns, "");
        apply(policy);
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus s = status("main-" + ns);
            assertThat(s).isNotNull();
            assertThat(s.summary().workloads()).isEqualTo(2);
            assertThat(s.summary().compliant()).isEqualTo(1);
        });
        StabilityPolicyStatus s = status("main-" + ns);
        assertThat(failing(s)).containsExactlyInAnyOrder("bad/probe-timeout", "bad/probe-failure-threshold",
                "bad/memory-limit-not-equal-request", "bad/privilege-escalation-allowed", "bad/capabilities-not-dropped");

        // the same objects through `ballast audit` give the same counts and failures
        JsonNode cli = audit(policy, deployment("good", true), deployment("bad", false), peerAuthentication("STRICT"),
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + ", labels: {ballast-e2e: " + ns
                        + ", istio-injection: enabled}}\n");
        assertThat(cli.get("summary").get("failed").asInt()).isEqualTo(s.summary().violations());
        assertThat(cli.get("summary").get("score").asInt()).isEqualTo(s.summary().score());
        assertThat(cli.get("findings").findValuesAsText("rule")).hasSameElementsAs(
                s.violations().stream().map(ViolationEntry::rule).toList());

        // events: StabilityViolation on the offending workload only, and not repeated while nothing changes
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("bad", "StabilityViolation")).isNotEmpty());
        assertThat(events("good", "StabilityViolation")).isEmpty();
        int emitted = events("bad", "StabilityViolation").size();
        ok(cluster.kubectl("label", "deployment", "good", "-n", ns, "resync=1", "--overwrite"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() ->
                assertThat(events("bad", "StabilityViolation")).hasSize(emitted));

        long start = System.nanoTime();
        apply(deployment("bad", true));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status("main-" + ns).summary().violations()).isZero());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("E2E: workload fix -> policy status updated in %d ms%n", millis);
        assertThat(millis).isLessThan(10_000);
        assertThat(events("bad", "StabilityViolation")).hasSize(emitted); // a fix emits nothing new
    }

    @Test
    @Order(3)
    void mtlsVerdictFollowsPeerAuthentications() {
        apply(peerAuthentication("PERMISSIVE"));
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(failing(status("main-" + ns)))
                    .containsExactlyInAnyOrder("good/mtls-not-strict", "bad/mtls-not-strict"));
            assertThat(status("main-" + ns).violations().get(0).message())
                    .contains("namespace PeerAuthentication " + ns + "/default");
        } finally {
            apply(peerAuthentication("STRICT"));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(status("main-" + ns).summary().violations()).isZero());
    }

    @Test
    @Order(4)
    void policyReportsHoldTheResults() {
        String name = "ballast-main-" + ns;
        await().atMost(WAIT).untilAsserted(() -> {
            GenericKubernetesResource report = cluster.client().genericKubernetesResources(POLICY_REPORT)
                    .inNamespace(ns).withName(name).get();
            assertThat(report).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) report.getAdditionalProperties().get("summary");
            assertThat(((Number) summary.get("fail")).intValue()).isZero();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
            assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r.get("source")).isEqualTo("ballast"));
            assertThat(((Number) summary.get("pass")).intValue()).isEqualTo(results.size());
        });
    }

    @Test
    @Order(5)
    void hpaRemediationLowersTargetsOnceAndHonoursOptOut() {
        String hpa = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: %s, namespace: %s, annotations: {%s}}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
                  maxReplicas: 5
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
                """;
        apply(hpa.formatted("good", ns, "", "good"));
        apply(hpa.formatted("bad", ns, "'ballast.dev/remediate': 'false'", "bad"));
        apply(policy("remediate-" + ns, "    autoscaling: {maxTargetCPUUtilization: 60, remediate: true}\n"));
        await().atMost(WAIT).untilAsserted(() -> {
            HorizontalPodAutoscaler good = hpa("good");
            assertThat(good.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(60);
            assertThat(good.getMetadata().getAnnotations()).containsEntry("ballast.dev/previous-cpu-target", "80")
                    .containsEntry("ballast.dev/remediated-by", "remediate-" + ns);
        });
        await().atMost(WAIT).untilAsserted(() -> { // the HPA is patched before status is written
            assertThat(status("remediate-" + ns)).isNotNull();
            assertThat(status("remediate-" + ns).remediations()).anySatisfy(r -> assertThat(r.name()).isEqualTo("good"));
        });
        assertThat(hpa("bad").getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(80);
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("good", "HPARemediated")).hasSize(1));

        String version = hpa("good").getMetadata().getResourceVersion();
        ok(cluster.kubectl("label", "deployment", "good", "-n", ns, "touched=1", "--overwrite"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() ->
                assertThat(hpa("good").getMetadata().getResourceVersion()).isEqualTo(version));
        assertThat(status("remediate-" + ns).remediations()).hasSize(1);
        ok(cluster.kubectl("delete", "stabpol", "remediate-" + ns));
    }

    @Test
    @Order(6)
    void concurrentPoliciesOverSharedWorkloadsAgree() {
        apply(deployment("bad", false));
        for (int i = 0; i < 6; i++) {
            apply(policy("same-" + i + "-" + ns, ""));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus reference = status("main-" + ns);
            assertThat(reference.summary().violations()).isEqualTo(5);
            for (int i = 0; i < 6; i++) {
                StabilityPolicyStatus s = status("same-" + i + "-" + ns);
                assertThat(s).isNotNull();
                assertThat(s.summary()).isEqualTo(reference.summary());
                assertThat(s.violations()).isEqualTo(reference.violations());
            }
        });
        for (int i = 0; i < 6; i++) {
            ok(cluster.kubectl("delete", "stabpol", "same-" + i + "-" + ns));
        }
    }

    @Test
    @Order(7)
    void reportEndpointsAgreeWithBallastReport() throws Exception {
        Path out = Files.createTempFile("ballast-report", ".json");
        await().atMost(WAIT).untilAsserted(() -> {
            var served = operator.report("/report.json");
            assertThat(served.statusCode()).isEqualTo(200);
            var cli = ControlPlane.Command.run(cluster.plane().root(), Duration.ofSeconds(90), null, List.of("bin/ballast", "report",
                    "--kubeconfig", cluster.plane().kubeconfig().toString(), "--format", "json", "-o", out.toString()));
            assertThat(cli.code()).as(cli.all()).isZero();
            Set<String> fromOperator = findingsIn(new ObjectMapper().readTree(served.body()));
            assertThat(fromOperator).contains("main-" + ns + " Deployment/bad probe-timeout fail app");
            assertThat(findingsIn(new ObjectMapper().readTree(out.toFile()))).isEqualTo(fromOperator);
        });
        var html = operator.report("/report");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<table id=\"findings\">").contains("main-" + ns);
        assertThat(operator.get("/report.json").statusCode()).as("the report is not on the metrics/health port").isEqualTo(404);
        var md = operator.report("/report.md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.body()).startsWith("# Ballast cluster report").contains("| main-" + ns + " | Audit |");
    }

    /** "policy kind/name rule result container" for every finding about a workload in this test's namespace. */
    static Set<String> findingsIn(JsonNode report) {
        Set<String> found = new java.util.TreeSet<>();
        for (JsonNode w : report.get("workloads")) {
            if (w.get("namespace").asText().equals(ns)) {
                for (JsonNode f : w.get("findings")) {
                    found.add(f.get("policy").asText() + " " + w.get("kind").asText() + "/" + w.get("name").asText() + " "
                            + f.get("rule").asText() + " " + f.get("result").asText() + " " + f.path("container").asText("-"));
                }
            }
        }
        return found;
    }

    @Test
    @Order(8)
    void ballastReportNamesWhatRbacForbids() throws Exception {
        ok(cluster.kubectl("create", "serviceaccount", "no-rights", "-n", ns));
        String token = ok(cluster.kubectl("create", "token", "no-rights", "-n", ns, "--duration=10m")).out().trim();
        var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(cluster.plane().kubeconfig()));
        Path kubeconfig = Files.createTempFile("no-rights", ".kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: local, cluster: {server: "%s", %s}}]
                users: [{name: no-rights, user: {token: %s}}]
                contexts: [{name: no-rights, context: {cluster: local, user: no-rights}}]
                current-context: no-rights
                """.formatted(config.getMasterUrl(), config.getCaCertData() != null
                        ? "certificate-authority-data: " + config.getCaCertData() : "certificate-authority: " + config.getCaCertFile(), token));
        var r = ControlPlane.Command.run(cluster.plane().root(), Duration.ofSeconds(60), null,
                List.of("bin/ballast", "report", "--kubeconfig", kubeconfig.toString(), "--format", "json"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast report: error: RBAC forbids listing stabilitypolicies.ballast.dev")
                .contains("system:serviceaccount:" + ns + ":no-rights").doesNotContain("\tat ");
    }

    @Test
    @Order(9)
    void survivesAnApiServerRestart() throws Exception {
        var restart = ControlPlane.Command.run(cluster.plane().root(), Duration.ofMinutes(4), null,
                List.of(cluster.plane().root().resolve("hack/controlplane/cluster.sh").toString(), "restart-apiserver"));
        assertThat(restart.code()).as(restart.all()).isZero();
        apply(deployment("after-restart", false));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(failing(status("main-" + ns))).contains("after-restart/probe-timeout"));
        assertThat(operator.alive()).isTrue();
    }

    @Test
    @Order(11)
    void withLeaderElectionTheStandbyReplicaPointsAtTheLeader() throws Exception {
        Map<String, OperatorProcess> replicas = new java.util.LinkedHashMap<>();
        try {
            for (String name : List.of("ballast-a", "ballast-b")) {
                replicas.put(name, OperatorProcess.start(cluster.plane(), "operator-" + name, Map.of("HOSTNAME", name,
                        "BALLAST_NAMESPACE", ns, "BALLAST_LEADER_ELECTION_ENABLED", "true",
                        "BALLAST_LEADER_ELECTION_LEASE_NAME", "ballast-" + ns)));
            }
            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, Integer> codes = new java.util.HashMap<>();
                for (var replica : replicas.entrySet()) {
                    codes.put(replica.getKey(), replica.getValue().report("/report.json").statusCode());
                }
                assertThat(codes.values()).containsExactlyInAnyOrder(200, 503);
                String leader = codes.entrySet().stream().filter(e -> e.getValue() == 200).findFirst().orElseThrow().getKey();
                String standby = leader.equals("ballast-a") ? "ballast-b" : "ballast-a";
                assertThat(replicas.get(standby).report("/report").body()).contains("standby")
                        .contains("port-forward pod/" + leader);
            });
        } finally {
            for (OperatorProcess replica : replicas.values()) {
                replica.close();
            }
        }
    }

    @Test
    @Order(10)
    void reportsDisappearWithTheirPolicyAndMetricsAreServed() throws Exception {
        String metrics = operator.get("/q/metrics").body();
        assertThat(metrics).contains("ballast_compliance_score{policy=\"main-" + ns + "\"")
                .contains("ballast_violations{").contains("ballast_remediations_total");
        assertThat(PrometheusText.withoutHelp(metrics, "ballast_")).as("ballast_ metrics with an empty HELP").isEmpty();
        assertThat(operator.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(operator.get("/q/health/ready").body()).as("a disabled webhook is ready but says it is off")
                .contains("disabled (ballast.webhook.enabled=false)");
        ok(cluster.kubectl("delete", "stabpol", "main-" + ns, "--timeout=60s"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.client().genericKubernetesResources(POLICY_REPORT)
                .inNamespace(ns).withName("ballast-main-" + ns).get()).isNull());
    }

    @Test
    @Order(12)
    void oneChangeAmongManyCostsOneEvaluationPerPolicy() throws Exception {
        int many = 40;
        apply(java.util.stream.IntStream.range(0, many).mapToObj(i -> deployment("many-" + i, true))
                .collect(Collectors.joining("\n---\n")));
        List<String> policies = List.of("inc-a-" + ns, "inc-b-" + ns);
        policies.forEach(p -> apply(policy(p, "")));
        await().atMost(WAIT).untilAsserted(() -> policies.forEach(p -> {
            assertThat(status(p)).isNotNull();
            assertThat(status(p).summary().workloads()).isGreaterThanOrEqualTo(many);
        }));
        double before = settledEvaluations(policies);
        int violationsBefore = status(policies.get(0)).summary().violations();

        apply(deployment("many-7", false));
        await().atMost(WAIT).untilAsserted(() -> policies.forEach(p -> {
            assertThat(status(p).summary().violations()).isGreaterThan(violationsBefore);
            assertThat(failing(status(p))).contains("many-7/probe-timeout");
        }));
        double after = settledEvaluations(policies);
        assertThat(after - before).as("evaluations for one changed Deployment among %d, %d policies", many + 1,
                policies.size()).isBetween(1.0, (double) policies.size());
        policies.forEach(p -> ok(cluster.kubectl("delete", "stabpol", p)));
    }

    /** ballast_evaluations_total over these policies, once it has stopped moving (no reconcile still under way). */
    static double settledEvaluations(List<String> policies) throws Exception {
        double last = -1;
        for (int i = 0; i < 60; i++) {
            String metrics = operator.get("/q/metrics").body();
            double now = policies.stream().mapToDouble(p -> PrometheusText.sum(metrics, "ballast_evaluations_total",
                    "policy=\"" + p + "\"")).sum();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(1500);
        }
        throw new AssertionError("ballast_evaluations_total kept moving: " + last);
    }

    static HorizontalPodAutoscaler hpa(String name) {
        return cluster.client().resources(HorizontalPodAutoscaler.class).inNamespace(ns).withName(name).get();
    }

    /** This test's Events: other policies on a shared plane (make run's examples) may select the same workloads. */
    static List<String> events(String object, String reason) {
        return cluster.client().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())
                        && e.getMessage().startsWith("policy ") && e.getMessage().split(" ")[1].replace(":", "").endsWith("-" + ns))
                .map(e -> e.getMetadata().getName()).toList();
    }

    static Set<String> failing(StabilityPolicyStatus s) {
        return s.violations().stream().map(v -> v.name() + "/" + v.rule()).collect(Collectors.toSet());
    }

    static JsonNode audit(String policy, String... manifests) throws Exception {
        Path dir = Files.createTempDirectory("audit");
        Path policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, policy);
        StringWriter out = new StringWriter();
        int code = BallastCli.run(new String[] {"audit", "-f", "-", "--policy", policyFile.toString(), "--format", "json",
                "--fail-on", "none"}, new ByteArrayInputStream(String.join("\n---\n", manifests).getBytes()),
                new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        assertThat(code).isZero();
        return new ObjectMapper().readTree(out.toString());
    }
}
