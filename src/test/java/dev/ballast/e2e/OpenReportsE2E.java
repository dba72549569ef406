package dev.ballast.e2e;

import static dev.ballast.e2e.DataOwnershipE2E.inline;
import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ballast.reports.format} against the real API server with the OpenReports CRDs of manifests/optional/:
 * openreports writes openreports.io Reports (and no PolicyReports), both writes the same results to each, and the
 * ownership rules of SPEC §9.6 hold for Reports too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenReportsE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final ResourceDefinitionContext REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
            .withNamespaced(true).build();
    static final Duration WAIT = Duration.ofSeconds(60);
    static String ns;
    static String other;
    static OperatorProcess operator;

    @BeforeAll
    static void setUp() {
        ns = cluster.namespace();
        other = ns + "-b";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
                .create();
        cluster.installCrds("manifests/optional/policyreport-crd.yaml", "manifests/optional/openreports-crds.yaml");
        for (String n : List.of(ns, other)) {
            ok(cluster.kubectl("label", "namespace", n, "ballast-openreports-e2e=" + ns, "--overwrite"));
            apply(DataOwnershipE2E.deployment(n, "web"));
        }
    }

    @AfterEach
    void stopOperator() throws Exception {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    @AfterAll
    static void tearDown() {
        cluster.kubectl("delete", "stabpol", "-l", "ballast-openreports-e2e=" + ns, "--wait=false");
        cluster.client().namespaces().withName(other).delete();
    }

    static String policy(String name) {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s, labels: {ballast-openreports-e2e: %s}}
                spec:
                  mode: Audit
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-openreports-e2e: %s}}
                  rules:
                    probes: {}
                    resources: {}
                """.formatted(name, ns, ns);
    }

    static void apply(String yaml) {
        ok(cluster.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    static GenericKubernetesResource report(String namespace, String name) {
        return cluster.client().genericKubernetesResources(REPORT).inNamespace(namespace).withName(name).get();
    }

    static GenericKubernetesResource policyReport(String namespace, String name) {
        return cluster.client().genericKubernetesResources(OperatorE2E.POLICY_REPORT).inNamespace(namespace).withName(name).get();
    }

    static StabilityPolicyStatus status(String name) {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(name).get();
        return p == null ? null : p.getStatus();
    }

    static OperatorProcess start(String format) throws Exception {
        return OperatorProcess.start(cluster.plane(), "operator-reports-" + format, Map.of("BALLAST_REPORTS_FORMAT", format));
    }

    @Test
    @Order(1)
    void openreportsWritesReportsOnlyThereWithBallastsMarksAndDeletesThemWithThePolicy() throws Exception {
        String policy = "openrep-" + ns;
        String name = "ballast-" + policy;
        operator = start("openreports");
        apply(policy(policy));
        await().atMost(WAIT).untilAsserted(() -> {
            GenericKubernetesResource ours = report(ns, name);
            assertThat(ours).isNotNull();
            assertThat(ours.getApiVersion()).isEqualTo("openreports.io/v1alpha1");
            assertThat(ours.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ballast")
                    .containsEntry("ballast.dev/policy", policy);
            assertThat(ours.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("StabilityPolicy");
                assertThat(o.getName()).isEqualTo(policy);
            });
            assertThat(report(other, name)).isNotNull();
            assertThat(status(policy)).isNotNull();
        });
        GenericKubernetesResource ours = report(ns, name);
        List<Map<String, Object>> results = results(ours);
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r).containsEntry("source", "ballast").containsEntry("policy", policy).containsKeys("rule", "result", "severity");
            assertThat(((List<?>) r.get("resources"))).singleElement().asString().contains("name=web");
        });
        assertThat(results).anySatisfy(r -> assertThat(r).containsEntry("rule", "probe-readiness-missing").containsEntry("result", "fail"));
        var summary = (Map<?, ?>) ours.getAdditionalProperties().get("summary");
        assertThat(((Number) summary.get("fail")).intValue()).isEqualTo((int) results.stream().filter(r -> "fail".equals(r.get("result"))).count());
        assertThat(policyReport(ns, name)).as("openreports writes no wgpolicyk8s PolicyReport").isNull();
        assertThat(status(policy).mtlsJudgement()).doesNotContain("Report CRD");

        ok(cluster.kubectl("delete", "stabpol", policy, "--timeout=60s"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(report(ns, name)).isNull();
            assertThat(report(other, name)).isNull();
        });
    }

    @Test
    @Order(2)
    void bothWritesTheSameResultsToEachApi() throws Exception {
        String policy = "both-" + ns;
        String name = "ballast-" + policy;
        operator = start("both");
        apply(policy(policy));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(report(ns, name)).isNotNull();
            assertThat(policyReport(ns, name)).isNotNull();
        });
        GenericKubernetesResource open = report(ns, name);
        GenericKubernetesResource wg = policyReport(ns, name);
        for (String field : List.of("scope", "results", "summary")) {
            assertThat(open.getAdditionalProperties().get(field)).as(field).isEqualTo(wg.getAdditionalProperties().get(field));
        }
        assertThat(open.getMetadata().getLabels()).isEqualTo(wg.getMetadata().getLabels());
        ok(cluster.kubectl("delete", "stabpol", policy, "--timeout=60s"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(report(ns, name)).isNull();
            assertThat(policyReport(ns, name)).isNull();
        });
    }

    /**
     * A Report in the way that lacks Ballast's marks is another tool's, even when it looks like Ballast 0.1's
     * PolicyReports (which are adopted): 0.1 never wrote OpenReports. It is left untouched and named in status.
     */
    @Test
    @Order(3)
    void aReportWithoutBallastsMarksIsNeverReplacedAndIsNamedInStatus() throws Exception {
        String policy = "foreign-" + ns;
        String name = "ballast-" + policy;
        apply("""
                apiVersion: openreports.io/v1alpha1
                kind: Report
                metadata: {name: %s, namespace: %s, labels: %s}
                results: [{source: ballast, policy: %s, rule: probe-timeout, result: pass}]
                summary: {pass: 1, fail: 0, warn: 0, error: 0, skip: 0}
                """.formatted(name, ns, inline(Map.of("ballast.dev/policy", policy)), policy));
        String version = report(ns, name).getMetadata().getResourceVersion();
        operator = start("openreports");
        apply(policy(policy));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(report(other, name)).isNotNull();
            assertThat(status(policy)).isNotNull();
            assertThat(status(policy).conditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PolicyReportConflict");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains(ns + "/" + name + " (Report openreports.io)");
            });
        });
        ok(cluster.kubectl("delete", "stabpol", policy, "--timeout=60s"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(report(other, name)).isNull());
        assertThat(report(ns, name).getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    @Order(4)
    void anUnknownFormatEndsStartUpWithOneLineNamingTheSetting() {
        assertThatThrownBy(() -> start("xml")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("operator exited with 2")
                .hasMessageContaining("ballast.reports.format (BALLAST_REPORTS_FORMAT) is \"xml\"; use wgpolicyk8s, openreports or both")
                .hasMessageNotContaining("Exception");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(GenericKubernetesResource report) {
        return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    }
}
