package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.apis.ApiDeprecatedRule;
import dev.ballast.rules.apis.ApiLifecycle;
import dev.ballast.rules.apis.ApiLifecycleTable;
import dev.ballast.rules.apis.KubeVersion;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.VersionedObject;
import dev.ballast.rules.policy.ApiSettings;
import dev.ballast.rules.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * api-deprecated: each row is the compliant workload (or an HPA/PDB judged on its own) written in one apiVersion,
 * judged against one target version, and the result with its severity.
 */
class ApiRulesTest {
    private static final ClusterContext AS_WRITTEN = WorkloadRulesTest.MESHED.withWrittenVersions();

    @ParameterizedTest(name = "{0} {1} at {2} -> {3} {4}")
    @CsvSource({
            "apps/v1beta1, Deployment, 1.34, fail, high",
            "apps/v1beta1, StatefulSet, 1.16, fail, high",
            "apps/v1beta2, Deployment, 1.15, fail, medium",
            "extensions/v1beta1, DaemonSet, 1.9, fail, medium",
            "extensions/v1beta1, Deployment, 1.16, fail, high",
            "apps/v1, Deployment, 1.34, pass, ",
            "apps/v1, DaemonSet, 1.8, pass, ",
            "example.com/v1alpha1, Deployment, 1.34, pass, ",
            "apps/v1beta2, StatefulSet, 1.8, pass, ",
            "extensions/v1beta1, Deployment, 1.7, pass, "})
    void workloadIsJudgedOnTheVersionItWasWrittenIn(String apiVersion, String kind, String target, String result,
                                                    String severity) {
        Evaluation e = evaluate(apis(target), WorkloadFixture.compliant().set("apiVersion", apiVersion)
                .set("kind", kind));
        RuleResult r = api(e);
        assertThat(r.result().id()).isEqualTo(result);
        if ("pass".equals(result)) {
            assertThat(e.compliant()).isTrue();
            return;
        }
        assertThat(e.resultsOf(Result.FAIL)).extracting(RuleResult::rule).containsExactly(RuleId.API_DEPRECATED);
        assertThat(r.severity()).isEqualTo(Severity.ofId(severity));
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("apiVersion");
            assertThat(f.container()).isNull();
            assertThat(f.message()).startsWith(apiVersion + " " + kind + " ").contains("(target " + target + ")")
                    .endsWith(": use apps/v1");
        });
    }

    @ParameterizedTest(name = "{0} {1} at {2} -> {3} {4}")
    @CsvSource({
            "autoscaling/v2beta1, HorizontalPodAutoscaler, 1.34, fail, high",
            "autoscaling/v2beta1, HorizontalPodAutoscaler, 1.22, fail, medium",
            "autoscaling/v2beta1, HorizontalPodAutoscaler, 1.21, pass, ",
            "autoscaling/v2beta2, HorizontalPodAutoscaler, 1.25, fail, medium",
            "autoscaling/v2beta2, HorizontalPodAutoscaler, 1.26, fail, high",
            "autoscaling/v1, HorizontalPodAutoscaler, 1.34, pass, ",
            "autoscaling/v2, HorizontalPodAutoscaler, 1.34, pass, ",
            "policy/v1beta1, PodDisruptionBudget, 1.21, fail, medium",
            "policy/v1beta1, PodDisruptionBudget, 1.25, fail, high",
            "policy/v1beta1, PodDisruptionBudget, 1.20, pass, ",
            "policy/v1, PodDisruptionBudget, 1.34, pass, "})
    void hpaAndPdbAreJudgedAsObjectsOfTheirOwn(String apiVersion, String kind, String target, String result,
                                               String severity) {
        VersionedObject object = new VersionedObject(kind, apiVersion, "shop", "web", "web", SourceRef.file("x.yaml", 3));
        Evaluation e = Rules.evaluator().evaluate(apis(target), object, AS_WRITTEN).orElseThrow();
        assertThat(e.subject().kind()).isEqualTo(kind);
        assertThat(e.results()).extracting(RuleResult::rule).containsExactly(RuleId.API_DEPRECATED);
        assertThat(e.results().get(0).result().id()).isEqualTo(result);
        if (severity != null) {
            assertThat(e.results().get(0).severity()).isEqualTo(Severity.ofId(severity));
        }
    }

    @Test
    void defaultTargetIsTheBuiltAgainstVersion() {
        assertThat(ApiSettings.defaults().targetVersion()).isEqualTo(ApiLifecycleTable.BUILT_AGAINST)
                .isEqualTo(new KubeVersion(1, 34));
        RuleResult r = api(evaluate(PolicyFixture.baseline().toBuilder().apis(ApiSettings.defaults()).build(),
                WorkloadFixture.compliant().set("apiVersion", "apps/v1beta2")));
        assertThat(r.severity()).isEqualTo(Severity.HIGH);
        assertThat(r.findings().get(0).message())
                .isEqualTo("apps/v1beta2 Deployment was removed in Kubernetes 1.16 (target 1.34): use apps/v1");
    }

    @Test
    void notJudgedWhereTheWrittenVersionIsUnknown() {
        // the operator and `ballast report` read objects back in the version they ask for
        Evaluation e = Rules.evaluator().evaluate(apis("1.34"),
                WorkloadFixture.compliant().set("apiVersion", "apps/v1beta1").workload(), WorkloadRulesTest.MESHED)
                .orElseThrow();
        assertThat(e.results()).extracting(RuleResult::rule).doesNotContain(RuleId.API_DEPRECATED);
    }

    @Test
    void offWithoutTheApisGroup() {
        Evaluation e = evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant().set("apiVersion", "apps/v1beta1"));
        assertThat(e.results()).extracting(RuleResult::rule).doesNotContain(RuleId.API_DEPRECATED);
    }

    @Test
    void otherRulesKeepTheirDefaultSeverity() {
        Evaluation e = evaluate(apis("1.34"), WorkloadFixture.compliant().set("apiVersion", "apps/v1beta1")
                .remove("spec.template.spec.containers[0].resources.requests.cpu"));
        assertThat(e.resultsOf(Result.FAIL)).extracting(RuleResult::rule, RuleResult::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RuleId.CPU_REQUEST_MISSING, Severity.MEDIUM),
                org.assertj.core.groups.Tuple.tuple(RuleId.API_DEPRECATED, Severity.HIGH));
    }

    /** The versions SPEC §9.2 lists, as the generated table has them (it, not the SPEC, is the source). */
    @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
    @CsvSource({
            "extensions/v1beta1, Deployment, 1.8, 1.16",
            "extensions/v1beta1, DaemonSet, 1.8, 1.16",
            "apps/v1beta1, Deployment, 1.8, 1.16",
            "apps/v1beta1, StatefulSet, 1.8, 1.16",
            "apps/v1beta2, Deployment, 1.9, 1.16",
            "apps/v1beta2, StatefulSet, 1.9, 1.16",
            "apps/v1beta2, DaemonSet, 1.9, 1.16",
            "autoscaling/v2beta1, HorizontalPodAutoscaler, 1.22, 1.25",
            "autoscaling/v2beta2, HorizontalPodAutoscaler, 1.23, 1.26",
            "policy/v1beta1, PodDisruptionBudget, 1.21, 1.25"})
    void generatedTableHasTheMigrationGuideVersions(String apiVersion, String kind, String deprecated, String removed) {
        ApiLifecycle row = ApiDeprecatedRule.lifecycle(apiVersion, kind);
        assertThat(row).isNotNull();
        assertThat(row.deprecated()).isEqualTo(KubeVersion.parse(deprecated));
        assertThat(row.removed()).isEqualTo(KubeVersion.parse(removed));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"1.x", "v1.34", "1.34.2", "1", "''", "1.", ".34"})
    void targetVersionMustBeMajorDotMinor(String text) {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> KubeVersion.parse(text))
                .withMessageContaining("is not a Kubernetes version such as 1.34");
    }

    private static Policy apis(String target) {
        return PolicyFixture.baseline().toBuilder().apis(new ApiSettings(KubeVersion.parse(target))).build();
    }

    private static Evaluation evaluate(Policy policy, WorkloadFixture fixture) {
        Policy everyKind = policy.toBuilder().match(new dev.ballast.rules.policy.Match(
                java.util.Set.of("Deployment", "StatefulSet", "DaemonSet"), policy.match().namespaceSelector(),
                policy.match().excludeNamespaces(), policy.match().workloadSelector())).build();
        return Rules.evaluator().evaluate(everyKind, fixture.workload(), AS_WRITTEN).orElseThrow();
    }

    private static RuleResult api(Evaluation e) {
        return e.results().stream().filter(r -> r.rule() == RuleId.API_DEPRECATED).findFirst().orElseThrow();
    }
}
