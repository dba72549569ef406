package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Target;
import dev.ballast.rules.engine.Cancellation;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.EvaluationCancelledException;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.Quantity;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.Rule;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.LabelSelector;
import dev.ballast.rules.policy.Match;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine around the rules: catalogue, matching, exemptions, score, quantities, thread safety. */
class EngineTest {

    @Test
    void catalogueHasOneRulePerRuleIdAndSubjectAndWireNamesMatch() throws Exception {
        Set<RuleId> bound = new java.util.HashSet<>();
        Set<String> perSubject = new java.util.HashSet<>();
        for (Rule<?, ?> rule : Rules.all()) {
            bound.add(rule.id());
            assertThat(perSubject.add(rule.id() + "/" + rule.subject().getSimpleName())).as("duplicate " + rule.id()).isTrue();
            assertThat(rule.getClass().getSimpleName()).startsWith(pascal(rule.id().id())).endsWith("Rule");
        }
        for (RuleId id : RuleId.values()) {
            assertThat(bound.contains(id)).as(id.id()).isEqualTo(id.target().judgedByRules());
            assertThat(RuleId.class.getField(id.name()).getAnnotation(JsonProperty.class).value()).isEqualTo(id.id());
            assertThat(id.title()).isNotBlank();
            assertThat(RuleId.fromId(id.id())).contains(id);
        }
    }

    @Test
    void aCancelledEvaluationStopsBeforeTheNextRule() {
        int[] asked = {0};
        assertThatThrownBy(() -> Rules.evaluator().evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant().workload(),
                ClusterContext.EMPTY, () -> ++asked[0] > 3)).isInstanceOf(EvaluationCancelledException.class);
        assertThat(asked[0]).isEqualTo(4);
        assertThat(Rules.evaluator().evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant().workload(),
                ClusterContext.EMPTY, Cancellation.NONE)).isPresent();
    }

    @Test
    void everyKindOfSubjectIsCancellableAndIgnoredWhenNoRuleApplies() {
        var hpa = new HpaView("autoscaling/v2", "shop", "web", "Deployment", "web", Map.of(), false,
                List.of(), SourceRef.NONE);
        var pa = new PeerAuthenticationView("shop", "pa", null, Map.of(),
                MtlsMode.STRICT, Map.of(), SourceRef.NONE);
        var config = new ConfigObject("ConfigMap", "shop", "cfg", "kubectl-edit", SourceRef.NONE);
        for (Subject subject : List.of(hpa, pa, config)) {
            assertThatThrownBy(() -> Rules.evaluator().evaluate(PolicyFixture.baseline(), subject, ClusterContext.EMPTY,
                    () -> true)).as(subject.ref().kind()).isInstanceOf(EvaluationCancelledException.class);
            assertThat(Rules.evaluator().evaluate(PolicyFixture.baseline(), subject, ClusterContext.EMPTY))
                    .as(subject.ref().kind()).isPresent();
        }
        var noGroups = Policy.builder("bare", Mode.Audit).build();
        for (Subject subject : List.of(hpa, pa, config)) {
            assertThat(Rules.evaluator().evaluate(noGroups, subject, ClusterContext.EMPTY)).as(subject.ref().kind()).isEmpty();
        }
        assertThat(Rules.evaluator().evaluate(noGroups, WorkloadFixture.compliant().workload(), ClusterContext.EMPTY)
                .orElseThrow().results()).isEmpty();
    }

    private static String pascal(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    @Test
    void evaluatorRejectsAnIncompleteOrDuplicatedCatalogue() {
        List<Rule<?, ?>> missing = new ArrayList<>(Rules.all());
        missing.remove(0);
        assertThatThrownBy(() -> new Evaluator(missing)).hasMessageContaining("no rule implements probe-readiness-missing");
        List<Rule<?, ?>> twice = new ArrayList<>(Rules.all());
        twice.add(Rules.all().get(0));
        assertThatThrownBy(() -> new Evaluator(twice)).hasMessageContaining("bound twice");
    }

    @Test
    void kubeSystemIsExcludedByDefault() {
        var w = WorkloadFixture.compliant().set("metadata.namespace", "kube-system").workload();
        assertThat(Rules.evaluator().evaluate(PolicyFixture.baseline(), w, ClusterContext.EMPTY)).isEmpty();
    }

    @Test
    void kindsAreMatched() {
        var w = WorkloadFixture.compliant().set("kind", "StatefulSet").workload();
        assertThat(Rules.evaluator().evaluate(PolicyFixture.baseline(), w, ClusterContext.EMPTY)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} {2} on env={3} -> {4}")
    @CsvSource({
            "env, In, 'prod,staging', prod, true",
            "env, In, 'prod', dev, false",
            "env, NotIn, 'dev', prod, true",
            "env, NotIn, 'prod', prod, false",
            "env, Exists, '', prod, true",
            "tier, Exists, '', prod, false",
            "tier, DoesNotExist, '', prod, true",
    })
    void namespaceSelectorWithMatchExpressions(String key, String op, String values, String env, boolean selected) {
        var selector = new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement(key,
                LabelSelector.Operator.valueOf(op), values.isEmpty() ? List.of() : List.of(values.split(",")))));
        Match match = new Match(Set.of("Deployment"), selector, Set.of("kube-system"), LabelSelector.EVERYTHING);
        ClusterContext ctx = ClusterContext.of(List.of(new NamespaceView("shop", Map.of("env", env))), List.of(), List.of());
        assertThat(Rules.evaluator().evaluate(PolicyFixture.withMatch(match), WorkloadFixture.compliant().workload(), ctx)
                .isPresent()).isEqualTo(selected);
    }

    @Test
    void workloadSelectorMatchesWorkloadLabels() {
        var selector = new LabelSelector(Map.of("app", "web"), List.of(new LabelSelector.Requirement("tier",
                LabelSelector.Operator.NotIn, List.of("batch"))));
        Match match = new Match(Set.of("Deployment"), LabelSelector.EVERYTHING, Set.of(), selector);
        var policy = PolicyFixture.withMatch(match);
        assertThat(Rules.evaluator().evaluate(policy, WorkloadFixture.compliant().workload(), ClusterContext.EMPTY)).isPresent();
        var batch = WorkloadFixture.compliant().set("metadata.labels", "{app: web, tier: batch}").workload();
        assertThat(Rules.evaluator().evaluate(policy, batch, ClusterContext.EMPTY)).isEmpty();
    }

    @Test
    void annotationExemptsListedRulesAsSkipWithReason() {
        var w = WorkloadFixture.compliant()
                .set("metadata.annotations", "{ballast.dev/exempt: 'probe-timeout, seccomp-profile', ballast.dev/exempt-reason: legacy}")
                .set("spec.template.spec.containers[0].readinessProbe.timeoutSeconds", "60").workload();
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), w, WorkloadRulesTest.MESHED).orElseThrow();
        RuleResult timeout = result(e, RuleId.PROBE_TIMEOUT);
        assertThat(timeout.result()).isEqualTo(Result.SKIP);
        assertThat(timeout.findings().get(0).message()).isEqualTo("exempted by annotation ballast.dev/exempt: legacy");
        assertThat(result(e, RuleId.SECCOMP_PROFILE).result()).isEqualTo(Result.SKIP);
        assertThat(e.count(Result.SKIP)).isEqualTo(2);
        assertThat(e.count(Result.FAIL)).isZero();
    }

    @Test
    void annotationTrueExemptsEveryRule() {
        var w = WorkloadFixture.compliant().set("metadata.annotations", "{ballast.dev/exempt: 'true'}").workload();
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), w, WorkloadRulesTest.MESHED).orElseThrow();
        assertThat(e.results()).allSatisfy(r -> assertThat(r.result()).isEqualTo(Result.SKIP));
    }

    @Test
    void policyExemptionsMatchNamespaceNameGlobAndRule() {
        var exemption = new Exemption(Set.of("shop"), List.of("we?-*", "api"), Set.of(RuleId.PROBE_TIMEOUT), "batch jobs");
        var policy = PolicyFixture.withExemptions(List.of(exemption));
        var slow = "spec.template.spec.containers[0].readinessProbe.timeoutSeconds";
        var exempt = WorkloadFixture.compliant().set("metadata.name", "web-1").set(slow, "60").workload();
        Evaluation e = Rules.evaluator().evaluate(policy, exempt, WorkloadRulesTest.MESHED).orElseThrow();
        assertThat(result(e, RuleId.PROBE_TIMEOUT).result()).isEqualTo(Result.SKIP);
        assertThat(result(e, RuleId.PROBE_TIMEOUT).findings().get(0).message()).isEqualTo("exempted by policy baseline: batch jobs");
        var other = WorkloadFixture.compliant().set("metadata.name", "worker").set(slow, "60").workload();
        assertThat(result(Rules.evaluator().evaluate(policy, other, WorkloadRulesTest.MESHED).orElseThrow(), RuleId.PROBE_TIMEOUT)
                .result()).isEqualTo(Result.FAIL);
    }

    @Test
    void gitopsJudgesTheLastWriter() {
        var policy = PolicyFixture.baseline();
        var byArgo = new ConfigObject("ConfigMap", "shop", "cfg", "argocd-controller", SourceRef.NONE);
        var byHand = new ConfigObject("ConfigMap", "shop", "cfg", "kubectl-edit", SourceRef.NONE);
        var unknown = new ConfigObject("Secret", "shop", "s", null, SourceRef.NONE);
        assertThat(Rules.evaluator().evaluate(policy, byArgo, ClusterContext.EMPTY).orElseThrow().compliant()).isTrue();
        Evaluation e = Rules.evaluator().evaluate(policy, byHand, ClusterContext.EMPTY).orElseThrow();
        assertThat(e.results().get(0).findings().get(0).message()).contains("\"kubectl-edit\"");
        assertThat(Rules.evaluator().evaluate(policy, unknown, ClusterContext.EMPTY)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"512Mi, 0.5Gi, true", "512Mi, 536870912, true", "1G, 1000M, true", "1e3, 1k, true", "128974848, 129e6, false",
            "123Mi, 129e6, false", "1Gi, 1G, false", "100m, 0.1, true"})
    void quantitiesCompareExactly(String a, String b, boolean equal) {
        assertThat(Quantity.equal(a, b)).isEqualTo(equal);
    }

    @Test
    void malformedQuantitiesDoNotParse() {
        assertThat(Quantity.parse("lots")).isEmpty();
        assertThat(Quantity.parse("1.2.3Mi")).isEmpty();
        assertThat(Quantity.parse("5XB")).isEmpty();
    }

    @Test
    void scoreRoundsDownAndIsHundredWhenEmpty() {
        assertThat(Score.percent(0, 0)).isEqualTo(100);
        assertThat(Score.percent(2, 1)).isEqualTo(66);
        assertThat(Score.percent(199, 1)).isEqualTo(99);
        assertThat(Score.percent(0, 5)).isZero();
    }

    @Test
    void concurrentEvaluationMatchesSequential() throws Exception {
        List<dev.ballast.rules.model.Workload> workloads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            WorkloadFixture f = WorkloadFixture.compliant().set("metadata.name", "w" + i);
            if (i % 3 == 0) {
                f.set("spec.template.spec.containers[0].readinessProbe.timeoutSeconds", String.valueOf(i));
            }
            if (i % 5 == 0) {
                f.set("spec.template.spec.hostPID", "true");
            }
            workloads.add(f.workload());
        }
        Evaluator evaluator = Rules.evaluator();
        List<Evaluation> sequential = workloads.stream()
                .map(w -> evaluator.evaluate(PolicyFixture.baseline(), w, WorkloadRulesTest.MESHED).orElseThrow()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<Evaluation>> futures = new ArrayList<>();
                for (var w : workloads) {
                    futures.add(pool.submit(() -> evaluator.evaluate(PolicyFixture.baseline(), w, WorkloadRulesTest.MESHED).orElseThrow()));
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(sequential.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Score.of(sequential).failed()).isEqualTo(63 + 40); // timeouts 12..198 step 3, plus hostPID every 5th;
    }

    private static RuleResult result(Evaluation e, RuleId id) {
        return e.results().stream().filter(r -> r.rule() == id).findFirst().orElseThrow();
    }
}
