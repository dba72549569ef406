package dev.ballast.operator;

import dev.ballast.api.status.ExemptionEntry;
import dev.ballast.api.status.PolicySummary;
import dev.ballast.api.status.RemediationEntry;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.api.status.ViolationEntry;
import dev.ballast.report.Plural;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.ResultFinding;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Computes a policy's status from an evaluation, purely: capped most-severe-first violations, capped exemptions with
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
        Score score = Score.of(evaluations);
        List<ViolationEntry> violations = new ArrayList<>();
        List<ExemptionEntry> exemptions = new ArrayList<>();
        for (Evaluation e : evaluations) {
            for (RuleResult r : e.resultsOf(Result.SKIP)) {
                exemptions.add(new ExemptionEntry(e.subject().namespace(), e.subject().kind(), e.subject().name(),
                        r.rule().id(), r.findings().get(0).message()));
            }
            for (ResultFinding f : e.failures()) {
                violations.add(new ViolationEntry(e.subject().namespace(), e.subject().kind(), e.subject().name(),
                        f.rule().id(), f.rule().severity().id(), f.finding().container(), f.finding().message()));
            }
        }
        violations.sort(Comparator.comparing((ViolationEntry v) -> Severity.ofId(v.severity()), Severity.MOST_SEVERE_FIRST)
                .thenComparing(ViolationEntry::namespace).thenComparing(ViolationEntry::name)
                .thenComparing(ViolationEntry::rule).thenComparing(v -> Objects.toString(v.container(), "")));
        String message = Plural.of(score.objects(), "workload") + " evaluated, " + Plural.of(score.failed(), "violation")
                + ", score " + score.score();
        return new StabilityPolicyStatus(generation,
                List.of(condition(previous, "True", Conditions.EVALUATED, message, generation, now)),
                new PolicySummary(score.objects(), score.compliant(), score.failed(), score.score()),
                violations.size() > maxViolations ? List.copyOf(violations.subList(0, maxViolations)) : violations,
                remediations(previous, newRemediations), capped(exemptions), mtlsJudgement, now.toString());
    }

    /** The first exemptions in namespace, name and rule order (evaluation order is the informers', not stable). */
    private List<ExemptionEntry> capped(List<ExemptionEntry> exemptions) {
        exemptions.sort(Comparator.comparing(ExemptionEntry::namespace).thenComparing(ExemptionEntry::name)
                .thenComparing(ExemptionEntry::kind).thenComparing(ExemptionEntry::rule));
        return exemptions.size() > maxViolations ? List.copyOf(exemptions.subList(0, maxViolations)) : exemptions;
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
