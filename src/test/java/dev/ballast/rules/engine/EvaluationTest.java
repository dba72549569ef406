package dev.ballast.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    static final Finding NO_PROBE_APP = new Finding("app", "containers[0].readinessProbe", "app has no readiness probe");
    static final Finding NO_PROBE_SIDECAR = new Finding("sidecar", "containers[1].readinessProbe", "sidecar has none");
    static final Finding ROOT = new Finding("app", "containers[0].securityContext", "may run as root");

    final RuleResult readinessFails = new RuleResult(RuleId.PROBE_READINESS_MISSING, Result.FAIL,
            List.of(NO_PROBE_APP, NO_PROBE_SIDECAR));
    final RuleResult timeoutPasses = RuleResult.pass(RuleId.PROBE_TIMEOUT);
    final RuleResult memorySkipped = RuleResult.skip(RuleId.MEMORY_LIMIT_MISSING, "exempt: batch job");
    final RuleResult rootFails = new RuleResult(RuleId.RUN_AS_NON_ROOT, Result.FAIL, List.of(ROOT));
    final Evaluation evaluation = new Evaluation("baseline",
            new ResourceRef("Deployment", "shop", "web", SourceRef.NONE),
            List.of(readinessFails, timeoutPasses, memorySkipped, rootFails));

    @Test
    void resultsOfKeepsOnlyThatKindInRuleOrder() {
        assertThat(evaluation.resultsOf(Result.FAIL)).containsExactly(readinessFails, rootFails);
        assertThat(evaluation.resultsOf(Result.PASS)).containsExactly(timeoutPasses);
        assertThat(evaluation.resultsOf(Result.SKIP)).containsExactly(memorySkipped);
    }

    @Test
    void nonPassingKeepsFailuresAndSkipsInterleavedInRuleOrder() {
        assertThat(evaluation.nonPassing()).containsExactly(readinessFails, memorySkipped, rootFails);
    }

    @Test
    void failuresFlattenEveryFindingOfEveryFailingRule() {
        assertThat(evaluation.failures()).containsExactly(new ResultFinding(readinessFails, NO_PROBE_APP),
                new ResultFinding(readinessFails, NO_PROBE_SIDECAR), new ResultFinding(rootFails, ROOT));
        assertThat(evaluation.failures().get(2).rule()).isEqualTo(RuleId.RUN_AS_NON_ROOT);
    }

    @Test
    void nonPassingFindingsIncludeTheSkipReason() {
        assertThat(evaluation.nonPassingFindings()).extracting(f -> f.finding().message())
                .containsExactly("app has no readiness probe", "sidecar has none", "exempt: batch job", "may run as root");
    }

    @Test
    void aPassingEvaluationHasNoFailures() {
        Evaluation passing = new Evaluation("baseline", evaluation.subject(), List.of(timeoutPasses));
        assertThat(passing.failures()).isEmpty();
        assertThat(passing.nonPassingFindings()).isEmpty();
        assertThat(passing.compliant()).isTrue();
    }
}
