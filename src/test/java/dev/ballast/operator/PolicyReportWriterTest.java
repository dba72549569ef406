package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PolicyReports against Fabric8's mock API server: one per namespace, capped, failures first, others' reports left alone. */
@EnableKubernetesMockClient(crud = true)
class PolicyReportWriterTest {
    static KubernetesClient client;

    @BeforeEach
    void installTheCrd() {
        if (client.apiextensions().v1().customResourceDefinitions().withName(PolicyReportWriter.CRD).get() == null) {
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(PolicyReportWriter.CRD).endMetadata()
                    .withNewSpec().withGroup("wgpolicyk8s.io").withScope("Namespaced")
                    .withNewNames().withKind("PolicyReport").withPlural("policyreports").endNames()
                    .addNewVersion().withName("v1alpha2").withServed(true).withStorage(true).endVersion()
                    .endSpec().build()).create();
        }
    }

    static Evaluation evaluation(String namespace, String name, RuleResult... results) {
        return new Evaluation("prod", new ResourceRef("Deployment", namespace, name, SourceRef.uid("uid-" + name)),
                List.of(results));
    }

    static RuleResult pass(RuleId rule) {
        return new RuleResult(rule, Result.PASS, List.of());
    }

    static RuleResult fail(RuleId rule, String field, String message) {
        return new RuleResult(rule, Result.FAIL, List.of(new Finding("app", field, message)));
    }

    static GenericKubernetesResource report(String namespace, String policy) {
        return client.genericKubernetesResources(PolicyReportWriter.POLICY_REPORT).inNamespace(namespace)
                .withName(PolicyReportWriter.reportName(policy)).get();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(GenericKubernetesResource report) {
        return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    }

    @Test
    void writesOneReportPerNamespaceCappedWithFailuresFirstAndCountsEverything() {
        var writer = new PolicyReportWriter(client, 2);
        assertThat(writer.note()).isNull();
        assertThat(writer.write("prod", "policy-uid", "shop", List.of(
                evaluation("shop", "web", pass(RuleId.PROBE_TIMEOUT), pass(RuleId.PROBE_FAILURE_THRESHOLD),
                        fail(RuleId.MEMORY_LIMIT_MISSING, "spec.template.spec.containers[0].resources.limits.memory",
                                "container \"app\" has no memory limit")),
                evaluation("shop", "api", new RuleResult(RuleId.PROBE_TIMEOUT, Result.SKIP, List.of(new Finding(null, null, "exempted")))))))
                .isEqualTo(PolicyReportWriter.Written.DONE);
        assertThat(writer.write("prod", "policy-uid", "blog", List.of(evaluation("blog", "cms", pass(RuleId.PROBE_TIMEOUT)))))
                .isEqualTo(PolicyReportWriter.Written.DONE);

        var shop = report("shop", "prod");
        assertThat(shop.getMetadata().getLabels()).containsEntry(Annotations.POLICY_LABEL, "prod")
                .containsEntry(Annotations.MANAGED_BY_LABEL, "ballast");
        assertThat(shop.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("policy-uid"));
        assertThat(shop.getMetadata().getAnnotations()).containsEntry("ballast.dev/truncated", "true");
        assertThat(shop.getAdditionalProperties().get("summary"))
                .isEqualTo(Map.of("pass", 2, "fail", 1, "warn", 0, "error", 0, "skip", 1));
        assertThat(results(shop)).extracting(r -> r.get("result")).containsExactly("fail", "skip");
        assertThat(results(shop).get(0)).containsEntry("rule", "memory-limit-missing")
                .containsEntry("message", "container \"app\" has no memory limit")
                .containsEntry("properties", Map.of("field", "spec.template.spec.containers[0].resources.limits.memory"));
        assertThat(report("blog", "prod").getMetadata().getAnnotations()).containsEntry("ballast.dev/truncated", "false");
    }

    @Test
    void anotherToolsReportIsLeftAloneAndNamedAndAnEmptiedNamespaceLosesOnlyBallastsReport() {
        client.genericKubernetesResources(PolicyReportWriter.POLICY_REPORT).inNamespace("theirs").resource(
                new GenericKubernetesResourceBuilder().withApiVersion("wgpolicyk8s.io/v1alpha2").withKind("PolicyReport")
                        .withNewMetadata().withName(PolicyReportWriter.reportName("audit")).withNamespace("theirs")
                        .addToLabels(Annotations.POLICY_LABEL, "audit").endMetadata()
                        .addToAdditionalProperties("results", List.of(Map.of("source", "kyverno"))).build()).create();
        var writer = new PolicyReportWriter(client, 10);
        assertThat(writer.write("audit", "audit-uid", "theirs", List.of(evaluation("theirs", "web", pass(RuleId.PROBE_TIMEOUT)))))
                .isEqualTo(PolicyReportWriter.Written.CONFLICT);
        assertThat(writer.write("audit", "audit-uid", "ours", List.of(evaluation("ours", "web", pass(RuleId.PROBE_TIMEOUT)))))
                .isEqualTo(PolicyReportWriter.Written.DONE);
        assertThat(results(report("theirs", "audit"))).containsExactly(Map.of("source", "kyverno"));
        assertThat(report("ours", "audit")).isNotNull();
        assertThat(writer.reportNamespaces("audit")).contains("ours");

        assertThat(writer.write("audit", "audit-uid", "ours", List.of())).isEqualTo(PolicyReportWriter.Written.DONE);
        assertThat(report("ours", "audit")).as("no workloads left there").isNull();
        assertThat(writer.write("audit", "audit-uid", "theirs", List.of())).isEqualTo(PolicyReportWriter.Written.DONE);
        assertThat(results(report("theirs", "audit"))).as("an emptied namespace keeps another tool's report")
                .containsExactly(Map.of("source", "kyverno"));
        writer.deleteAll("audit");
        assertThat(report("theirs", "audit")).as("never deleted").isNotNull();
    }

    @Test
    void withoutTheCrdNothingIsWrittenAndStatusSaysWhy() {
        client.apiextensions().v1().customResourceDefinitions().withName(PolicyReportWriter.CRD).delete();
        var writer = new PolicyReportWriter(client, 10);
        assertThat(writer.write("absent", "uid", "shop", List.of(evaluation("shop", "web", pass(RuleId.PROBE_TIMEOUT)))))
                .isEqualTo(PolicyReportWriter.Written.NO_CRD);
        assertThat(writer.note()).isEqualTo("PolicyReport CRD (policyreports.wgpolicyk8s.io) not installed: no PolicyReports written");
        assertThat(report("shop", "absent")).isNull();
    }
}
