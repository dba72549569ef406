package dev.ballast.report;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Score;
import java.util.List;

/** Everything one audit produced: every evaluation, the flattened non-passing rows, and the counts. */
public record AuditResult(List<Evaluation> evaluations, List<FindingRow> rows, Score score) {
    public static AuditResult of(List<Evaluation> evaluations) {
        List<FindingRow> rows = evaluations.stream().flatMap(e -> FindingRow.of(e).stream()).toList();
        return new AuditResult(List.copyOf(evaluations), rows, Score.of(evaluations));
    }
}
