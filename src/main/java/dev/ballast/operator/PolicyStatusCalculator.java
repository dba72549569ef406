package dev.ballast.operator;

import dev.ballast.api.status.PolicySummary;
import dev.ballast.api.status.RemediationEntry;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.report.Plural;
import dev.ballast.rules.engine.Evaluation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes a policy's status from the results kept per workload ({@link PolicyLedger}), purely: capped most-severe-first violations, capped exemptions with
 * their source, the summary, the Ready condition (its lastTransitionTime kept while unchanged) and the recent
 * remediations. {@code now} is passed in, so equal inputs give equal statuses and unchanged statuses are never written.
 */
public final class PolicyStatusCalculator {
    private final int maxViolations;
    private final int maxRemediations;

    public PolicyStatusCalculator(int maxViolations, int maxRemediations) {
        this.maxViolations = maxViolations;
        this.maxRemediations = maxRemediations;
    }

    public StabilityPolicyStatus compute(StabilityPolicyStatus previous, List<Evaluation> evaluations, long generation,
                                         Instant now, String mtlsJudgement, List<RemediationEntry> newRemediations) {
        return compute(previous, PolicyLedger.of(evaluations), generation, now, mtlsJudgement, newRemediations);
    }

    /** The status from the results kept per workload: counts as kept, the lists walked only as far as they are shown. */
    StabilityPolicyStatus compute(StabilityPolicyStatus previous, PolicyLedger results, long generation, Instant now,
                                  String mtlsJudgement, List<RemediationEntry> newRemediations) {
        PolicyLedger.Totals totals = results.totals();
        String message = Plural.of(totals.workloads(), "workload") + " evaluated, " + Plural.of(totals.failed(), "violation")
                + ", score " + totals.score();
        return new StabilityPolicyStatus(generation,
                List.of(condition(previous, "True", Conditions.EVALUATED, message, generation, now)),
                new PolicySummary(totals.workloads(), totals.compliant(), totals.failed(), totals.score()),
                results.topViolations(maxViolations), remediations(previous, newRemediations),
                results.firstExemptions(maxViolations), mtlsJudgement, now.toString());
    }

    /** Status for a policy that cannot be evaluated: Ready=False with the reason; the last results are kept. */
    public StabilityPolicyStatus failed(StabilityPolicyStatus previous, long generation, Instant now, String reason,
                                        String message) {
        StabilityPolicyStatus p = previous == null
                ? new StabilityPolicyStatus(null, null, null, null, null, null, null, null) : previous;
        return new StabilityPolicyStatus(generation, List.of(condition(previous, "False", reason, message, generation, now)),
                p.summary(), p.violations(), p.remediations(), p.exemptions(), p.mtlsJudgement(), now.toString());
    }

    private List<RemediationEntry> remediations(StabilityPolicyStatus previous, List<RemediationEntry> added) {
        List<RemediationEntry> all = new ArrayList<>(added);
        if (previous != null && previous.remediations() != null) {
            all.addAll(previous.remediations());
        }
        return all.size() > maxRemediations ? List.copyOf(all.subList(0, maxRemediations)) : all;
    }

    /**
     * The status with a PolicyReportConflict condition naming the reports left untouched ({@code conflicting}, e.g.
     * {@code shop/ballast-baseline}), or unchanged when there are none (null).
     */
    public StabilityPolicyStatus withReportConflicts(StabilityPolicyStatus previous, StabilityPolicyStatus status,
                                                     String conflicting, Instant now) {
        if (conflicting == null) {
            return status;
        }
        String message = "PolicyReports owned by another tool were left untouched (not written, not deleted): " + conflicting;
        List<Condition> conditions = new ArrayList<>(status.conditions());
        conditions.add(condition(previous, Conditions.POLICY_REPORT_CONFLICT, "True", Conditions.FOREIGN_POLICY_REPORT,
                message, status.observedGeneration(), now));
        return new StabilityPolicyStatus(status.observedGeneration(), List.copyOf(conditions), status.summary(),
                status.violations(), status.remediations(), status.exemptions(), status.mtlsJudgement(),
                status.lastEvaluationTime());
    }

    private static Condition condition(StabilityPolicyStatus previous, String status, String reason, String message,
                                       long generation, Instant now) {
        return condition(previous, Conditions.READY, status, reason, message, generation, now);
    }

    private static Condition condition(StabilityPolicyStatus previous, String type, String status, String reason,
                                       String message, long generation, Instant now) {
        String since = now.toString();
        if (previous != null && previous.conditions() != null) {
            for (Condition c : previous.conditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    since = c.getLastTransitionTime();
                }
            }
        }
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    /** Whether two statuses differ in anything but lastEvaluationTime (equal ones are not written). */
    public static boolean sameIgnoringTime(StabilityPolicyStatus a, StabilityPolicyStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.observedGeneration(), b.observedGeneration()) && Objects.equals(a.conditions(), b.conditions())
                && Objects.equals(a.summary(), b.summary()) && Objects.equals(a.violations(), b.violations())
                && Objects.equals(a.remediations(), b.remediations()) && Objects.equals(a.exemptions(), b.exemptions())
                && Objects.equals(a.mtlsJudgement(), b.mtlsJudgement());
    }
}
