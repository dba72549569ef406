package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPEC §9.6 against the real API server: PolicyReports Ballast does not own survive reconcile and policy deletion
 * (and are named in status), remediation keeps the author's first CPU target and every remediation is visible, and
 * several HPAs on one workload count as one (workload, rule) result everywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataOwnershipE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = OperatorE2E.WAIT;
    static OperatorProcess operator;
    static String ns;
    static String other;

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        other = ns + "-b";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
                .create();
        cluster.installCrds("manifests/optional/policyreport-crd.yaml");
        for (String n : List.of(ns, other)) {
            ok(cluster.kubectl("label", "namespace", n, "ballast-owner-e2e=" + ns, "--overwrite"));
        }
        operator = OperatorProcess.start(cluster.plane(), "operator-ownership", Map.of());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (operator != null) {
            operator.close();
        }
        cluster.kubectl("delete", "stabpol", "-l", "ballast-owner-e2e=" + ns, "--wait=false");
        cluster.client().namespaces().withName(other).delete();
    }

    static String policy(String name, String rules) {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s, labels: {ballast-owner-e2e: %s}}
                spec:
                  mode: Audit
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-owner-e2e: %s}}
                  rules:
                %s""".formatted(name, ns, ns, rules);
    }

    static String deployment(String namespace, String name) {
        return E2eManifests.deployment(namespace, name, "containers: [{name: app, image: example/app:1}]");
    }

    static String hpa(String name, String target, Integer cpu) {
        return """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: %s, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
                  maxReplicas: 5
                %s""".formatted(name, ns, target, cpu == null ? "" : "  metrics: [{type: Resource, resource: {name: cpu, "
                + "target: {type: Utilization, averageUtilization: " + cpu + "}}}]\n");
    }

    static String report(String namespace, String name, Map<String, String> labels, String source) {
        return """
                apiVersion: wgpolicyk8s.io/v1alpha2
                kind: PolicyReport
                metadata: {name: %s, namespace: %s, labels: %s}
                results: [{source: %s, policy: theirs, rule: theirs, result: pass}]
                summary: {pass: 1, fail: 0, warn: 0, error: 0, skip: 0}
                """.formatted(name, namespace, inline(labels), source);
    }

    /** Labels as inline YAML (JSON is YAML). */
    static String inline(Map<String, String> labels) {
        try {
            return new ObjectMapper().writeValueAsString(labels);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void apply(String yaml) {
        ok(cluster.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    static GenericKubernetesResource getReport(String namespace, String name) {
        return cluster.client().genericKubernetesResources(OperatorE2E.POLICY_REPORT).inNamespace(namespace).withName(name).get();
    }

    static StabilityPolicyStatus status(String name) {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(name).get();
        return p == null ? null : p.getStatus();
    }

    static HorizontalPodAutoscaler hpa(String name) {
        return cluster.client().resources(HorizontalPodAutoscaler.class).inNamespace(ns).withName(name).get();
    }

    static int cpuTarget(String name) {
        return hpa(name).getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization();
    }

    static List<Event> events(String namespace, String object, String reason) {
        return cluster.client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    @Test
    @Order(1)
    void foreignReportsSurviveReconcileAndPolicyDeletionAndAreNamedInStatus() {
        String policy = "owner-" + ns;
        String ballastName = "ballast-" + policy;
        apply(deployment(ns, "web"));
        apply(deployment(other, "web"));
        apply(report(ns, ballastName, Map.of(), "kyverno"));
        apply(report(ns, "team-report", Map.of("ballast.dev/policy", policy), "kyverno"));
        String foreignVersion = getReport(ns, ballastName).getMetadata().getResourceVersion();
        String labelledVersion = getReport(ns, "team-report").getMetadata().getResourceVersion();

        apply(policy(policy, "    probes: {}\n"));
        await().atMost(WAIT).untilAsserted(() -> {
            GenericKubernetesResource ours = getReport(other, ballastName);
            assertThat(ours).isNotNull();
            assertThat(ours.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ballast");
            assertThat(ours.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getName()).isEqualTo(policy));
            assertThat(status(policy)).isNotNull(); // reports are written before status
            assertThat(status(policy).conditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PolicyReportConflict");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains(ns + "/" + ballastName).doesNotContain(other + "/");
            });
            assertThat(events("default", policy, "PolicyReportConflict")).singleElement()
                    .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        });
        assertThat(getReport(ns, ballastName).getMetadata().getResourceVersion()).isEqualTo(foreignVersion);
        assertThat(status(policy).conditions()).extracting(Condition::getType).first().isEqualTo("Ready");

        ok(cluster.kubectl("delete", "stabpol", policy, "--timeout=60s"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(getReport(other, ballastName)).isNull());
        assertThat(getReport(ns, ballastName).getMetadata().getResourceVersion()).isEqualTo(foreignVersion);
        assertThat(getReport(ns, "team-report").getMetadata().getResourceVersion()).isEqualTo(labelledVersion);
    }

    @Test
    @Order(2)
    void aReportOfTheEarlierBallastIsAdopted() {
        String policy = "legacy-" + ns;
        apply(report(ns, "ballast-" + policy, Map.of("ballast.dev/policy", policy), "ballast"));
        apply(policy(policy, "    probes: {}\n"));
        await().atMost(WAIT).untilAsserted(() -> {
            GenericKubernetesResource adopted = getReport(ns, "ballast-" + policy);
            assertThat(adopted.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ballast");
            assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("StabilityPolicy"));
            assertThat(status(policy)).isNotNull();
            assertThat(status(policy).conditions()).extracting(Condition::getType).containsExactly("Ready");
        });
        ok(cluster.kubectl("delete", "stabpol", policy, "--timeout=60s"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(getReport(ns, "ballast-" + policy)).isNull());
    }

    @Test
    @Order(3)
    void remediationKeepsTheAuthorsTargetAndEveryRemediationIsVisible() {
        apply(deployment(ns, "api"));
        apply(hpa("api", "api", 80));
        String loose = "loose-" + ns;
        String tight = "tight-" + ns;
        apply(policy(loose, "    autoscaling: {maxTargetCPUUtilization: 70, remediate: true}\n"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cpuTarget("api")).isEqualTo(70));
        apply(policy(tight, "    autoscaling: {maxTargetCPUUtilization: 50, remediate: true}\n"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cpuTarget("api")).isEqualTo(50));
        assertThat(hpa("api").getMetadata().getAnnotations()).containsEntry("ballast.dev/previous-cpu-target", "80")
                .containsEntry("ballast.dev/remediated-by", tight);
        ok(cluster.kubectl("delete", "stabpol", loose, "--timeout=60s"));

        String raise = "[{\"op\": \"replace\", \"path\": \"/spec/metrics/0/resource/target/averageUtilization\", \"value\": 80}]";
        String message = "policy " + tight + " lowered the CPU target from 80% to 50%";
        for (int round = 1; round <= 2; round++) {
            ok(cluster.kubectl("patch", "hpa", "api", "-n", ns, "--type=json", "-p", raise));
            int expected = round;
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(cpuTarget("api")).isEqualTo(50);
                assertThat(events(ns, "api", "HPARemediated")).filteredOn(e -> message.equals(e.getMessage())).singleElement()
                        .satisfies(e -> assertThat(e.getCount()).isEqualTo(expected));
                assertThat(status(tight)).isNotNull();
                assertThat(status(tight).remediations()).filteredOn(r -> r.from() == 80 && r.to() == 50).hasSize(expected);
            });
        }
        assertThat(hpa("api").getMetadata().getAnnotations()).containsEntry("ballast.dev/previous-cpu-target", "80");
        ok(cluster.kubectl("delete", "stabpol", tight, "--timeout=60s"));
    }

    @Test
    @Order(4)
    void severalHpasOnOneWorkloadAreOneResultEverywhere() throws Exception {
        apply(deployment(ns, "multi"));
        apply(hpa("multi-a", "multi", 90));
        apply(hpa("multi-b", "multi", null));
        String policy = "count-" + ns;
        apply(policy(policy, "    autoscaling: {maxTargetCPUUtilization: 60}\n    resources: {}\n"));
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus s = status(policy);
            assertThat(s).isNotNull();
            assertThat(s.violations()).filteredOn(v -> v.name().equals("multi") && v.rule().equals("hpa-cpu-target"))
                    .singleElement().satisfies(v -> assertThat(v.message()).contains("\"multi-a\"").contains("\"multi-b\""));
        });
        StabilityPolicyStatus s = status(policy);
        JsonNode report = new ObjectMapper().readTree(operator.report("/report.json").body());
        JsonNode row = StreamSupport.stream(report.get("policies").spliterator(), false)
                .filter(p -> p.get("name").asText().equals(policy)).findFirst().orElseThrow();
        int bySeverity = StreamSupport.stream(row.get("violations").spliterator(), false).mapToInt(JsonNode::asInt).sum();
        assertThat(row.get("failed").asInt()).isEqualTo(s.summary().violations()).isEqualTo(bySeverity);
        assertThat(s.summary().violations()).isEqualTo((int) s.violations().stream().map(v -> v.namespace() + "/" + v.name()
                + "/" + v.rule()).distinct().count());
        int policyReportsFailed = 0;
        for (String namespace : List.of(ns, other)) {
            Map<?, ?> summary = (Map<?, ?>) getReport(namespace, "ballast-" + policy).getAdditionalProperties().get("summary");
            policyReportsFailed += ((Number) summary.get("fail")).intValue();
        }
        assertThat(policyReportsFailed).isEqualTo(s.summary().violations());
        ok(cluster.kubectl("delete", "stabpol", policy, "--timeout=60s"));
    }
}
