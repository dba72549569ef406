package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Results kept per workload: counts by difference, namespaces as ranges, the status lists in their order. */
class PolicyLedgerTest {
    final StringPool strings = new StringPool(100);

    static Evaluation eval(String namespace, String name, RuleId... failing) {
        List<RuleResult> results = new ArrayList<>();
        results.add(new RuleResult(RuleId.PROBE_READINESS_MISSING, Result.PASS, List.of()));
        for (RuleId r : failing) {
            results.add(new RuleResult(r, Result.FAIL, List.of(new Finding("app", "f", "container \"app\": " + r.id()))));
        }
        return new Evaluation("p", new ResourceRef("Deployment", namespace, name, SourceRef.uid(name)), results);
    }

    WorkloadOutcome outcome(Evaluation e) {
        return WorkloadOutcome.of(e, strings);
    }

    @Test
    void countsFollowReplacementsAndRemovals() {
        PolicyLedger ledger = new PolicyLedger();
        ledger.put(outcome(eval("a", "x", RuleId.PROBE_TIMEOUT)));
        ledger.put(outcome(eval("a", "y")));
        ledger.put(outcome(eval("b", "z", RuleId.PRIVILEGED_CONTAINER, RuleId.RUN_AS_NON_ROOT)));
        assertThat(ledger.totals()).isEqualTo(new PolicyLedger.Totals(3, 1, 3, 3, 0));

        PolicyLedger.Replaced fixed = ledger.replace(new WorkloadKey("a", "x", "Deployment"), outcome(eval("a", "x")));
        assertThat(fixed.before().compliant()).isFalse();
        assertThat(fixed.after().compliant()).isTrue();
        assertThat(ledger.replace(new WorkloadKey("a", "x", "Deployment"), outcome(eval("a", "x"))))
                .as("an equal outcome is no change").isNull();
        ledger.replace(new WorkloadKey("b", "z", "Deployment"), null);
        assertThat(ledger.totals()).isEqualTo(new PolicyLedger.Totals(2, 2, 2, 0, 0));
        assertThat(ledger.topViolations(10)).isEmpty();
        assertThat(ledger.namespaces()).containsExactly("a");
    }

    @Test
    void namespacesAreRangesThatDoNotBleedIntoEachOther() {
        PolicyLedger ledger = new PolicyLedger();
        for (String ns : List.of("a", "a-b", "ab", "b")) {
            ledger.put(outcome(eval(ns, "w")));
        }
        assertThat(ledger.namespaces()).containsExactly("a", "a-b", "ab", "b");
        assertThat(ledger.keys("a")).extracting(WorkloadKey::namespace).containsExactly("a");
        assertThat(ledger.evaluations("p", "a-b")).singleElement()
                .satisfies(e -> assertThat(e.subject().namespace()).isEqualTo("a-b"));
    }

    @Test
    void topViolationsAreMostSevereFirstThenByWorkloadAndStopAtTheCap() {
        PolicyLedger ledger = new PolicyLedger();
        ledger.put(outcome(eval("a", "x", RuleId.PROBE_TIMEOUT, RuleId.PRIVILEGED_CONTAINER)));
        ledger.put(outcome(eval("a", "w", RuleId.PROBE_TIMEOUT)));
        ledger.put(outcome(eval("b", "v", RuleId.RUN_AS_NON_ROOT)));
        assertThat(ledger.topViolations(10)).extracting(v -> v.severity() + " " + v.namespace() + "/" + v.name())
                .containsExactly("critical a/x", "high b/v", "medium a/w", "medium a/x");
        assertThat(ledger.topViolations(2)).hasSize(2);
    }

    @Test
    void topViolationsFollowAWorkloadWhoseFailuresChangeSeverityOrGoAway() {
        PolicyLedger ledger = new PolicyLedger();
        WorkloadKey x = new WorkloadKey("a", "x", "Deployment");
        ledger.put(outcome(eval("a", "x", RuleId.PRIVILEGED_CONTAINER)));
        ledger.put(outcome(eval("b", "v", RuleId.PROBE_TIMEOUT)));
        ledger.replace(x, outcome(eval("a", "x", RuleId.PROBE_TIMEOUT)));
        assertThat(ledger.topViolations(10)).extracting(v -> v.severity() + " " + v.namespace() + "/" + v.name())
                .containsExactly("medium a/x", "medium b/v");
        ledger.replace(x, outcome(eval("a", "x")));
        assertThat(ledger.topViolations(10)).extracting(v -> v.namespace() + "/" + v.name()).containsExactly("b/v");
        ledger.replace(new WorkloadKey("b", "v", "Deployment"), null);
        assertThat(ledger.topViolations(10)).isEmpty();
        assertThat(ledger.topViolations(0)).as("a cap of 0 lists none").isEmpty();
    }

    @Test
    void aFailureIsListedUnderItsResultsOwnSeverity() {
        PolicyLedger ledger = new PolicyLedger();
        ledger.put(outcome(eval("a", "w", RuleId.PROBE_TIMEOUT)));
        ledger.put(outcome(new Evaluation("p", new ResourceRef("Deployment", "b", "v", SourceRef.uid("v")),
                List.of(new RuleResult(RuleId.PROBE_TIMEOUT, Result.FAIL, List.of(new Finding("app", "f", "judged high")),
                        dev.ballast.rules.catalog.Severity.HIGH)))));
        assertThat(ledger.topViolations(10)).extracting(v -> v.severity() + " " + v.namespace() + "/" + v.name())
                .containsExactly("high b/v", "medium a/w");
    }

    @Test
    void anOutcomeKeepsOnlyPassIdsAndSharesFindingTexts() {
        WorkloadOutcome a = outcome(eval("a", "x", RuleId.PROBE_TIMEOUT));
        WorkloadOutcome b = outcome(eval("a", "y", RuleId.PROBE_TIMEOUT));
        assertThat(a.passed()).containsExactly(RuleId.PROBE_READINESS_MISSING);
        assertThat(a.nonPassing().get(0).findings().get(0).message())
                .isSameAs(b.nonPassing().get(0).findings().get(0).message());
        Evaluation back = a.evaluation("p");
        assertThat(back.count(Result.PASS)).isEqualTo(1);
        assertThat(back.count(Result.FAIL)).isEqualTo(1);
    }
}
