package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * api-deprecated against the real kube-apiserver: a 1.34 server serves no deprecated version of the kinds Ballast
 * reads, so the webhook (which receives the object converted to the version it registered for, with the written one
 * in requestKind) must not flag an HPA written in autoscaling/v1 while it still judges it; and the operator, which
 * reads objects back in the version it asks for, must not count the rule: a policy with {@code apis: {}} scores
 * exactly as the same policy without it.
 */
class ApiDeprecatedE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static OperatorProcess ballast;
    static String ns;
    static int httpsPort;

    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-apis-" + ns;
    }

    static String policy(String name, String mode, String apis) {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s, labels: {ballast-apis: %s}}
                spec:
                  mode: %s
                  match:
                    namespaceSelector: {matchLabels: {ballast-apis: %s}}
                  rules:
                    images: {}
                    autoscaling: {maxTargetCPUUtilization: 60}
                %s""".formatted(name, ns, mode, ns, apis);
    }

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        httpsPort = OperatorProcess.freePort();
        cluster.installCrds("manifests/optional/policyreport-crd.yaml");
        ok(cluster.kubectl("label", "namespace", ns, "ballast-apis=" + ns, "--overwrite"));
        ok(cluster.kubectl("create", "namespace", home()));
        ok(cluster.kubectlWithStdin(policy("apis-" + ns, "Warn", "    apis: {targetVersion: \"1.34\"}\n"), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(policy("noapis-" + ns, "Audit", ""), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), httpsPort,
                Map.of("ballast-apis", ns)), "apply", "-f", "-"));
        ballast = OperatorProcess.start(cluster.plane(), "apis", WebhookFixture.env(home(), httpsPort, configuration()));
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", "-l", "ballast-apis=" + ns, "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "namespace", home(), "--ignore-not-found", "--wait=false");
        if (ballast != null) {
            ballast.close();
        }
    }

    @Test
    void servedVersionsPassAtAdmissionAndTheOperatorDoesNotCountTheRule() {
        String deployment = E2eManifests.deployment(ns, "web", """
                containers:
                - name: app
                  image: example/app:latest
                """);
        // registration takes effect asynchronously: wait until the webhook judges (image-tag-mutable warns)
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment, "apply", "--dry-run=server",
                "-f", "-").err()).contains("image-tag-mutable"));
        var created = cluster.kubectlWithStdin(deployment, "apply", "-f", "-");
        ok(created);
        assertThat(created.err()).contains("apis-" + ns + "/image-tag-mutable").doesNotContain("api-deprecated");
        var hpa = cluster.kubectlWithStdin("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: web, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 1
                  maxReplicas: 3
                  targetCPUUtilizationPercentage: 90
                """.formatted(ns), "apply", "-f", "-");
        ok(hpa);
        assertThat(hpa.err()).as("judged as converted to autoscaling/v2, written in the served autoscaling/v1")
                .contains("apis-" + ns + "/hpa-cpu-target").doesNotContain("api-deprecated");

        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus with = status("apis-" + ns);
            StabilityPolicyStatus without = status("noapis-" + ns);
            assertThat(with).isNotNull();
            assertThat(without).isNotNull();
            assertThat(with.summary()).isNotNull();
            assertThat(with.summary().workloads()).isEqualTo(1);
            assertThat(with.summary()).as("apis: {} adds no (workload, rule) pair in the operator").isEqualTo(without.summary());
            assertThat(with.violations()).extracting(v -> v.rule()).contains("image-tag-mutable", "hpa-cpu-target")
                    .doesNotContain("api-deprecated");
            assertThat(reportRules("apis-" + ns)).contains("image-tag-mutable").doesNotContain("api-deprecated");
        });
    }

    static StabilityPolicyStatus status(String name) {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(name).get();
        return p == null ? null : p.getStatus();
    }

    @SuppressWarnings("unchecked")
    static List<Object> reportRules(String policy) {
        GenericKubernetesResource report = cluster.client().genericKubernetesResources(OperatorE2E.POLICY_REPORT)
                .inNamespace(ns).withName("ballast-" + policy).get();
        assertThat(report).as("PolicyReport ballast-" + policy).isNotNull();
        return ((List<Map<String, Object>>) report.getAdditionalProperties().get("results")).stream()
                .map(r -> r.get("rule")).toList();
    }
}
