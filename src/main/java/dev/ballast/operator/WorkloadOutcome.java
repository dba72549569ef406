package dev.ballast.operator;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ResourceRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One workload's results under one policy, kept small: the failing and skipped results with their findings, and
 * only the IDs of the rules that passed. Equal outcomes mean nothing to rewrite.
 */
record WorkloadOutcome(ResourceRef subject, Set<RuleId> passed, List<RuleResult> nonPassing) {
    WorkloadOutcome {
        nonPassing = List.copyOf(nonPassing);
    }

    /** The outcome of an evaluation, its finding texts shared through {@code strings}. */
    static WorkloadOutcome of(Evaluation evaluation, StringPool strings) {
        Set<RuleId> passed = EnumSet.noneOf(RuleId.class);
        List<RuleResult> other = new ArrayList<>();
        for (RuleResult r : evaluation.results()) {
            if (r.result() == Result.PASS) {
                passed.add(r.rule());
            } else {
                other.add(new RuleResult(r.rule(), r.result(), r.findings().stream().map(f -> new Finding(
                        strings.share(f.container()), strings.share(f.field()), strings.share(f.message()))).toList(),
                        r.severity()));
            }
        }
        return new WorkloadOutcome(evaluation.subject(), passed, other);
    }

    WorkloadKey key() {
        return new WorkloadKey(subject.namespace(), subject.name(), subject.kind());
    }

    int count(Result result) {
        if (result == Result.PASS) {
            return passed.size();
        }
        int n = 0;
        for (RuleResult r : nonPassing) {
            if (r.result() == result) {
                n++;
            }
        }
        return n;
    }

    /** The severities of the rules it fails; empty when compliant. */
    Set<Severity> failingSeverities() {
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (RuleResult r : nonPassing) {
            if (r.result() == Result.FAIL) {
                severities.add(r.severity());
            }
        }
        return severities;
    }

    boolean compliant() {
        return count(Result.FAIL) == 0;
    }

    /** The evaluation this outcome came from (passes after the others), for the renderers that take evaluations. */
    Evaluation evaluation(String policy) {
        List<RuleResult> results = new ArrayList<>(nonPassing);
        passed.forEach(id -> results.add(new RuleResult(id, Result.PASS, List.of())));
        return new Evaluation(policy, subject, results);
    }
}
