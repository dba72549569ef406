package dev.ballast.report;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.Score;
import java.util.List;

/**
 * Everything one audit produced: every evaluation, the flattened non-passing rows, the counts, and warnings about
 * the input (an object defined twice) that every format shows where it fits.
 */
public record AuditResult(List<Evaluation> evaluations, List<FindingRow> rows, Score score, List<String> warnings) {
    public static AuditResult of(List<Evaluation> evaluations) {
        return of(evaluations, List.of());
    }

    public static AuditResult of(List<Evaluation> evaluations, List<String> warnings) {
        return of(evaluations, warnings, FindingLines.NONE);
    }

    /** {@code lines}: a finding's own line where known (a schema error's field), else its object's. */
    public static AuditResult of(List<Evaluation> evaluations, List<String> warnings, FindingLines lines) {
        // rows are made on every core for a large audit (10,000 workloads give some 100,000), in evaluation order
        var each = evaluations.size() >= Evaluator.PARALLEL_FROM ? evaluations.parallelStream() : evaluations.stream();
        List<FindingRow> rows = each.flatMap(e -> FindingRow.of(e, lines).stream()).toList();
        return new AuditResult(List.copyOf(evaluations), rows, Score.of(evaluations), List.copyOf(warnings));
    }
}
