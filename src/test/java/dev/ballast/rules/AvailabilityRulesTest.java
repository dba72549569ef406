package dev.ballast.rules;

import static dev.ballast.rules.catalog.RuleId.PDB_BLOCKS_EVICTION;
import static dev.ballast.rules.catalog.RuleId.PDB_MISSING;
import static dev.ballast.rules.catalog.RuleId.REPLICAS_MINIMUM;
import static dev.ballast.rules.catalog.RuleId.TOPOLOGY_SPREAD_MISSING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.PdbMapper;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.policy.AvailabilitySettings;
import dev.ballast.rules.policy.Policy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The availability group. Each row: the available workload (2 replicas, spread over hostnames, a PDB allowing one
 * disruption) with one change to it or to its PDB/HPA, and the one rule that must fail with the field it names.
 */
class AvailabilityRulesTest {
    private static final Policy ALL_ON = PolicyFixture.withBreadth(new AvailabilitySettings(2, true, true), null);
    private static final String POD = "spec.template.spec";
    private static final String PDB = "{selector: {matchLabels: {app: web}}, maxUnavailable: 1}";

    static WorkloadFixture available() {
        return WorkloadFixture.compliant().set("spec.replicas", "2")
                .set(POD + ".topologySpreadConstraints", "[{maxSkew: 1, topologyKey: kubernetes.io/hostname, "
                        + "whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}]");
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                row("one replica", f -> f.set("spec.replicas", "1"), PDB, null, REPLICAS_MINIMUM, "spec.replicas"),
                row("replicas unset", f -> f.remove("spec.replicas"), PDB, null, REPLICAS_MINIMUM, "spec.replicas"),
                row("an HPA keeps one", f -> f.set("spec.replicas", "5"), PDB, "{minReplicas: 1, maxReplicas: 5, metrics: [{type: Resource, resource: "
                        + "{name: cpu, target: {type: Utilization, averageUtilization: 50}}}]}",
                        REPLICAS_MINIMUM, "HorizontalPodAutoscaler/web spec.minReplicas"),
                row("no PDB", f -> f, null, null, PDB_MISSING, "spec.template.metadata.labels"),
                row("a PDB selecting other pods", f -> f, "{selector: {matchLabels: {app: db}}, maxUnavailable: 1}", null,
                        PDB_MISSING, "spec.template.metadata.labels"),
                row("maxUnavailable 0", f -> f, "{selector: {matchLabels: {app: web}}, maxUnavailable: 0}", null,
                        PDB_BLOCKS_EVICTION, "PodDisruptionBudget/web spec.maxUnavailable"),
                row("maxUnavailable 0%", f -> f, "{selector: {matchLabels: {app: web}}, maxUnavailable: '0%'}", null,
                        PDB_BLOCKS_EVICTION, "PodDisruptionBudget/web spec.maxUnavailable"),
                row("minAvailable 100%", f -> f, "{selector: {matchLabels: {app: web}}, minAvailable: '100%'}", null,
                        PDB_BLOCKS_EVICTION, "PodDisruptionBudget/web spec.minAvailable"),
                row("minAvailable = replicas", f -> f, "{selector: {matchLabels: {app: web}}, minAvailable: 2}", null,
                        PDB_BLOCKS_EVICTION, "PodDisruptionBudget/web spec.minAvailable"),
                row("no spread", f -> f.remove(POD + ".topologySpreadConstraints"), PDB, null, TOPOLOGY_SPREAD_MISSING,
                        POD + ".topologySpreadConstraints"),
                row("spread on another key", f -> f.set(POD + ".topologySpreadConstraints[0].topologyKey", "rack"), PDB,
                        null, TOPOLOGY_SPREAD_MISSING, POD + ".topologySpreadConstraints"));
    }

    private static Arguments row(String name, java.util.function.UnaryOperator<WorkloadFixture> change, String pdbSpec,
                                 String hpaSpec, RuleId rule, String field) {
        return arguments(name, change, pdbSpec, hpaSpec, rule, field);
    }

    @Test
    void theAvailableWorkloadPassesEveryRule() {
        Evaluation e = evaluate(available(), PDB, null);
        assertThat(e.results()).allSatisfy(r -> assertThat(r.result()).as(r.rule().id()).isEqualTo(Result.PASS));
        assertThat(e.results()).extracting(RuleResult::rule)
                .contains(REPLICAS_MINIMUM, PDB_MISSING, PDB_BLOCKS_EVICTION, TOPOLOGY_SPREAD_MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void oneChangeFailsExactlyOneRule(String name, java.util.function.UnaryOperator<WorkloadFixture> change,
                                      String pdbSpec, String hpaSpec, RuleId rule, String field) {
        Evaluation e = evaluate(change.apply(available()), pdbSpec, hpaSpec);
        assertThat(e.results()).filteredOn(r -> r.result() != Result.PASS).extracting(RuleResult::rule).containsExactly(rule);
        assertThat(e.failures()).first().satisfies(f -> assertThat(f.finding().field()).isEqualTo(field));
    }

    @Test
    void preferredAntiAffinityOnZonesIsASpread() {
        var zones = available().remove(POD + ".topologySpreadConstraints").set(POD + ".affinity", "{podAntiAffinity: "
                + "{preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: "
                + "{topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {app: web}}}}]}}");
        assertThat(evaluate(zones, PDB, null).compliant()).isTrue();
    }

    @Test
    void daemonSetsAreNotJudgedAndUnknownPdbsJudgeNothing() {
        Policy p = ALL_ON;
        var everyKind = new dev.ballast.rules.policy.Match(java.util.Set.of("Deployment", "DaemonSet"),
                p.match().namespaceSelector(), p.match().excludeNamespaces(), p.match().workloadSelector());
        Policy withDaemonSets = p.toBuilder().match(everyKind).build();
        Evaluation daemonSet = Rules.evaluator().evaluate(withDaemonSets,
                available().set("kind", "DaemonSet").remove("spec.replicas").workload(), context(null, null)).orElseThrow();
        assertThat(daemonSet.results()).extracting(RuleResult::rule)
                .doesNotContain(REPLICAS_MINIMUM, PDB_MISSING, PDB_BLOCKS_EVICTION, TOPOLOGY_SPREAD_MISSING);
        // the operator's context has no PodDisruptionBudgets yet: no verdict rather than a false pdb-missing
        Evaluation unknown = Rules.evaluator().evaluate(ALL_ON, available().workload(), WorkloadRulesTest.MESHED).orElseThrow();
        assertThat(unknown.results()).extracting(RuleResult::rule).contains(REPLICAS_MINIMUM)
                .doesNotContain(PDB_MISSING, PDB_BLOCKS_EVICTION);
    }

    @Test
    void aPdbOnItsOwnIsJudgedByConstructionOnly() throws Exception {
        assertThat(pdbResult("{selector: {matchLabels: {app: web}}, maxUnavailable: 0}").result()).isEqualTo(Result.FAIL);
        assertThat(pdbResult("{selector: {matchLabels: {app: web}}, minAvailable: '100%'}").findings())
                .singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("spec.minAvailable"));
        assertThat(pdbResult("{selector: {matchLabels: {app: web}}, minAvailable: 2}").result()).isEqualTo(Result.PASS);
    }

    @Test
    void requirePodDisruptionBudgetFalseTurnsPdbMissingOff() {
        Policy off = PolicyFixture.withBreadth(new AvailabilitySettings(2, false, false), null);
        Evaluation e = Rules.evaluator().evaluate(off, available().workload(), context(null, null)).orElseThrow();
        assertThat(e.compliant()).isTrue();
        assertThat(e.results()).extracting(RuleResult::rule).doesNotContain(PDB_MISSING, TOPOLOGY_SPREAD_MISSING);
    }

    private static RuleResult pdbResult(String spec) throws Exception {
        Evaluation e = Rules.evaluator().evaluate(ALL_ON, pdb(spec), ClusterContext.EMPTY).orElseThrow();
        assertThat(e.subject().kind()).isEqualTo(PodDisruptionBudgetView.KIND);
        assertThat(e.results()).singleElement().satisfies(r -> assertThat(r.rule()).isEqualTo(PDB_BLOCKS_EVICTION));
        return e.results().get(0);
    }

    private static Evaluation evaluate(WorkloadFixture fixture, String pdbSpec, String hpaSpec) {
        return Rules.evaluator().evaluate(ALL_ON, fixture.workload(), context(pdbSpec, hpaSpec)).orElseThrow();
    }

    private static ClusterContext context(String pdbSpec, String hpaSpec) {
        try {
            List<HpaView> hpas = hpaSpec == null ? List.of() : List.of(ContextMapper.hpa(yaml("apiVersion: autoscaling/v2\n"
                    + "kind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec: "
                    + hpaSpec.replaceFirst("\\{", "{scaleTargetRef: {kind: Deployment, name: web}, ")), SourceRef.NONE));
            List<PodDisruptionBudgetView> pdbs = pdbSpec == null ? List.of() : List.of(pdb(pdbSpec));
            return ClusterContext.of(WorkloadRulesTest.MESHED_NAMESPACES, WorkloadRulesTest.MESH_PAS, hpas)
                    .withPodDisruptionBudgets(pdbs);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PodDisruptionBudgetView pdb(String spec) throws Exception {
        return PdbMapper.map(yaml("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\n"
                + "spec: " + spec), SourceRef.NONE);
    }

    private static JsonNode yaml(String text) throws Exception {
        return WorkloadFixture.YAML.readTree(text);
    }
}
