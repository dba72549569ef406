package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.status.RemediationEntry;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.api.status.ViolationEntry;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStatusCalculatorTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    final PolicyStatusCalculator calculator = new PolicyStatusCalculator(3, 2);

    static Evaluation eval(String name, RuleId... failing) {
        List<RuleResult> results = new ArrayList<>();
        results.add(new RuleResult(RuleId.PROBE_READINESS_MISSING, Result.PASS, List.of()));
        for (RuleId r : failing) {
            results.add(new RuleResult(r, Result.FAIL, List.of(new Finding("app", "f", "m"))));
        }
        return new Evaluation("p", new ResourceRef("Deployment", "ns", name, SourceRef.NONE), results);
    }

    @Test
    void summaryAndCappedMostSevereFirstViolations() {
        var status = calculator.compute(null, List.of(eval("a", RuleId.PROBE_TIMEOUT, RuleId.PRIVILEGED_CONTAINER),
                eval("b", RuleId.RUN_AS_NON_ROOT, RuleId.HPA_CPU_TARGET), eval("c")), 4, T0, "j", List.of());
        assertThat(status.summary().workloads()).isEqualTo(3);
        assertThat(status.summary().compliant()).isEqualTo(1);
        assertThat(status.summary().violations()).isEqualTo(4);
        assertThat(status.summary().score()).isEqualTo(42); // 3 passed, 4 failed
        assertThat(status.violations()).extracting(ViolationEntry::severity).containsExactly("critical", "high", "medium");
        assertThat(status.observedGeneration()).isEqualTo(4);
        assertThat(status.conditions().get(0).getReason()).isEqualTo(Conditions.EVALUATED);
    }

    @Test
    void theReadyMessageCountsInTheSingularForOne() {
        var status = calculator.compute(null, List.of(eval("a", RuleId.PROBE_TIMEOUT)), 1, T0, "j", List.of());
        assertThat(status.conditions().get(0).getMessage()).isEqualTo("1 workload evaluated, 1 violation, score 50");
        var two = calculator.compute(null, List.of(eval("a"), eval("b")), 1, T0, "j", List.of());
        assertThat(two.conditions().get(0).getMessage()).isEqualTo("2 workloads evaluated, 0 violations, score 100");
    }

    @Test
    void unchangedResultsKeepTransitionTimeAndCompareEqualIgnoringTime() {
        StabilityPolicyStatus first = calculator.compute(null, List.of(eval("a")), 1, T0, "j", List.of());
        StabilityPolicyStatus second = calculator.compute(first, List.of(eval("a")), 1, T0.plusSeconds(60), "j", List.of());
        assertThat(second.conditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(PolicyStatusCalculator.sameIgnoringTime(first, second)).isTrue();
        StabilityPolicyStatus changed = calculator.compute(second, List.of(eval("a", RuleId.PROBE_TIMEOUT)), 1,
                T0.plusSeconds(120), "j", List.of());
        assertThat(PolicyStatusCalculator.sameIgnoringTime(second, changed)).isFalse();
    }

    @Test
    void remediationsAreNewestFirstAndCapped() {
        var r1 = new RemediationEntry("ns", "a", 80, 60, "t1");
        var r2 = new RemediationEntry("ns", "b", 90, 60, "t2");
        var r3 = new RemediationEntry("ns", "c", 70, 60, "t3");
        StabilityPolicyStatus first = calculator.compute(null, List.of(), 1, T0, "j", List.of(r1, r2));
        StabilityPolicyStatus next = calculator.compute(first, List.of(), 1, T0, "j", List.of(r3));
        assertThat(next.remediations()).containsExactly(r3, r1);
        assertThat(next.summary().score()).isEqualTo(100);
    }

    @Test
    void failureKeepsTheLastResultsAndSaysWhy() {
        StabilityPolicyStatus ok = calculator.compute(null, List.of(eval("a", RuleId.PROBE_TIMEOUT)), 1, T0, "j", List.of());
        StabilityPolicyStatus failed = calculator.failed(ok, 2, T0, Conditions.INVALID_POLICY, "bad selector");
        assertThat(failed.conditions().get(0).getStatus()).isEqualTo("False");
        assertThat(failed.conditions().get(0).getMessage()).isEqualTo("bad selector");
        assertThat(failed.summary()).isEqualTo(ok.summary());
    }

    @Test
    void exemptionsAreListedWithTheirSourceAndCompared() {
        Evaluation skipped = new Evaluation("p", new ResourceRef("Deployment", "ns", "batch", SourceRef.NONE), List.of(
                new RuleResult(RuleId.PROBE_TIMEOUT, Result.SKIP, List.of(new Finding(null, null,
                        "exempted by StabilityException ns/window (until 2026-12-01T00:00:00Z): cut-over")))));
        var status = calculator.compute(null, List.of(eval("a"), skipped), 1, T0, "j", List.of());
        assertThat(status.exemptions()).containsExactly(new dev.ballast.api.status.ExemptionEntry("ns", "Deployment", "batch",
                "probe-timeout", "exempted by StabilityException ns/window (until 2026-12-01T00:00:00Z): cut-over"));
        var expired = calculator.compute(status, List.of(eval("a"), eval("batch", RuleId.PROBE_TIMEOUT)), 1, T0, "j", List.of());
        assertThat(expired.exemptions()).isEmpty();
        assertThat(PolicyStatusCalculator.sameIgnoringTime(status, expired)).isFalse();
    }

    @Test
    void foreignReportsAreNamedInAConditionBesideReady() {
        String conflicts = StabilityPolicyReconciler.conflictSummary(java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> "ns-" + (char) ('a' + i) + "/ballast-p").toList());
        StabilityPolicyStatus plain = calculator.compute(null, List.of(eval("a")), 1, T0, "j", List.of());
        StabilityPolicyStatus first = calculator.withReportConflicts(null, plain, conflicts, T0);

        assertThat(first.conditions()).extracting(c -> c.getType()).containsExactly(Conditions.READY, Conditions.POLICY_REPORT_CONFLICT);
        assertThat(first.conditions().get(1).getStatus()).isEqualTo("True");
        assertThat(first.conditions().get(1).getReason()).isEqualTo(Conditions.FOREIGN_POLICY_REPORT);
        assertThat(first.conditions().get(1).getMessage()).isEqualTo("PolicyReports owned by another tool were left untouched"
                + " (not written, not deleted): ns-a/ballast-p, ns-b/ballast-p, ns-c/ballast-p, ns-d/ballast-p, ns-e/ballast-p,"
                + " ns-f/ballast-p, ns-g/ballast-p, ns-h/ballast-p, ns-i/ballast-p, ns-j/ballast-p and 2 more");
        StabilityPolicyStatus later = calculator.withReportConflicts(first,
                calculator.compute(first, List.of(eval("a")), 1, T0.plusSeconds(60), "j", List.of()), conflicts,
                T0.plusSeconds(60));
        assertThat(PolicyStatusCalculator.sameIgnoringTime(first, later)).isTrue();
        assertThat(calculator.withReportConflicts(later, plain, StabilityPolicyReconciler.conflictSummary(List.of()), T0))
                .isEqualTo(plain);
    }
}
