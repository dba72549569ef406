package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.kube.ContextMapper;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.SourceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Rules that read context: HPAs of every API version, the 80% default, sidecar labels. */
class ContextRulesTest {
    private static HpaView hpa(String yaml) throws Exception {
        JsonNode node = WorkloadFixture.YAML.readTree(yaml);
        return ContextMapper.hpa(node, SourceRef.NONE);
    }

    private static RuleResult hpaResult(HpaView hpa) {
        ClusterContext ctx = ClusterContext.of(WorkloadRulesTest.MESHED_NAMESPACES, WorkloadRulesTest.MESH_PAS, List.of(hpa));
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant().workload(), ctx).orElseThrow();
        return e.results().stream().filter(r -> r.rule() == RuleId.HPA_CPU_TARGET).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} target {1} -> {2}")
    @CsvSource({
            "autoscaling/v1, 'targetCPUUtilizationPercentage: 80', FAIL",
            "autoscaling/v1, 'targetCPUUtilizationPercentage: 60', PASS",
            "autoscaling/v1, '', FAIL",
            "autoscaling/v2, 'metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 75}}}]', FAIL",
            "autoscaling/v2, 'metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]', PASS",
            "autoscaling/v2, '', FAIL",
            "autoscaling/v2, 'metrics: [{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 90}}}]', PASS",
            "autoscaling/v2beta2, 'metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 61}}}]', FAIL",
            "autoscaling/v2beta1, 'metrics: [{type: Resource, resource: {name: cpu, targetAverageUtilization: 70}}]', FAIL",
            "autoscaling/v2beta1, 'metrics: [{type: Resource, resource: {name: cpu, targetAverageUtilization: 60}}]', PASS",
    })
    void hpaCpuTargetAcrossApiVersions(String apiVersion, String spec, Result expected) throws Exception {
        HpaView view = hpa("apiVersion: " + apiVersion + "\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\n"
                + "spec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 5\n"
                + (spec.isEmpty() ? "" : "  " + spec + "\n"));
        assertThat(hpaResult(view).result()).isEqualTo(expected);
    }

    @Test
    void defaultTargetIsJudgedAsEightyAndSaysSo() throws Exception {
        HpaView view = hpa("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}\n");
        assertThat(hpaResult(view).findings()).extracting(Finding::message)
                .containsExactly("HorizontalPodAutoscaler \"web\" targets 80% CPU (Kubernetes default), policy maximum is 60%");
    }

    @Test
    void severalHpasOnOneWorkloadAreOneResultNamingEach() throws Exception {
        String hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: %s, namespace: shop}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3%s}\n";
        String cpu90 = ", metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 90}}}]";
        String cpu50 = ", metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]";
        ClusterContext ctx = ClusterContext.of(WorkloadRulesTest.MESHED_NAMESPACES, WorkloadRulesTest.MESH_PAS,
                List.of(hpa(hpa.formatted("web-a", cpu90)), hpa(hpa.formatted("web-b", "")), hpa(hpa.formatted("web-c", cpu50))));
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant().workload(), ctx).orElseThrow();

        assertThat(e.results()).filteredOn(r -> r.rule() == RuleId.HPA_CPU_TARGET).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(Result.FAIL);
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.message()).isEqualTo("2 HorizontalPodAutoscaler CPU targets above the policy maximum of 60%: "
                        + "HorizontalPodAutoscaler \"web-a\" targets 90% CPU, "
                        + "HorizontalPodAutoscaler \"web-b\" targets 80% CPU (Kubernetes default)");
                assertThat(f.field()).isEqualTo("HorizontalPodAutoscaler/web-a spec.metrics[0].resource.target.averageUtilization; "
                        + "HorizontalPodAutoscaler/web-b spec.metrics");
            });
        });
        assertThat(Score.of(List.of(e)).failed()).isEqualTo(e.count(Result.FAIL));
    }

    @Test
    void hpaForAnotherWorkloadIsIgnored() throws Exception {
        HpaView view = hpa("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: db, namespace: shop}\n"
                + "spec: {scaleTargetRef: {kind: StatefulSet, name: web}, maxReplicas: 3, targetCPUUtilizationPercentage: 95}\n");
        assertThat(hpaResult(view).result()).isEqualTo(Result.PASS);
    }

    @Test
    void anHpaOnItsOwnIsJudgedWithTheSameRule() throws Exception {
        HpaView view = hpa("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}\n");
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), view, ClusterContext.EMPTY).orElseThrow();
        assertThat(e.results()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(RuleId.HPA_CPU_TARGET);
            assertThat(r.findings()).extracting(Finding::message).containsExactly(
                    "HorizontalPodAutoscaler \"web\" targets 80% CPU (Kubernetes default), policy maximum is 60%");
        });
        HpaView inKubeSystem = hpa("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: kube-system}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}\n");
        assertThat(Rules.evaluator().evaluate(PolicyFixture.baseline(), inKubeSystem, ClusterContext.EMPTY)).isEmpty();
    }

    @ParameterizedTest(name = "namespace {0}, pod label {1} -> {2}")
    @CsvSource({
            "'istio-injection=enabled', '', PASS",
            "'istio.io/rev=1-24', '', PASS",
            "'istio.io/dataplane-mode=ambient', '', PASS",
            "'', 'sidecar.istio.io/inject=true', PASS",
            "'', '', FAIL",
            "'istio-injection=disabled', '', FAIL",
            "'istio-injection=enabled', 'sidecar.istio.io/inject=false', FAIL",
    })
    void sidecarOrAmbient(String nsLabel, String podLabel, Result expected) {
        WorkloadFixture f = WorkloadFixture.compliant();
        if (!podLabel.isEmpty()) {
            String[] kv = podLabel.split("=");
            f.set("spec.template.metadata.labels", "{app: web, " + kv[0] + ": '" + kv[1] + "'}");
        }
        Map<String, String> labels = nsLabel.isEmpty() ? Map.of() : Map.of(nsLabel.split("=")[0], nsLabel.split("=")[1]);
        ClusterContext ctx = ClusterContext.of(List.of(new NamespaceView("shop", labels)), WorkloadRulesTest.MESH_PAS, List.of());
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), f.workload(), ctx).orElseThrow();
        assertThat(e.results().stream().filter(r -> r.rule() == RuleId.MTLS_SIDECAR_MISSING).findFirst().orElseThrow().result())
                .isEqualTo(expected);
    }
}
