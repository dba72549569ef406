package dev.ballast.report;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import java.util.List;

/**
 * One non-passing result, flattened for renderers: what, where (object and file:line), the field to fix, and the
 * result's severity (the rule's default unless the rule judged otherwise).
 */
public record FindingRow(String policy, String namespace, String kind, String name, String container, RuleId rule,
                         Result result, String message, String field, String file, int line, Severity severity) {

    public static List<FindingRow> of(Evaluation e) {
        return of(e, FindingLines.NONE);
    }

    public static List<FindingRow> of(Evaluation e, FindingLines lines) {
        var s = e.subject();
        return e.nonPassingFindings().stream().map(rf -> {
            Finding f = rf.finding();
            int line = lines.lineOf(s, f);
            return new FindingRow(e.policy(), s.namespace(), s.kind(), s.name(), f.container(), rf.rule(),
                    rf.result().result(), f.message(), f.field(), s.source().file(), line > 0 ? line : s.source().line(),
                    rf.severity());
        }).toList();
    }

    public String object() {
        return namespace + "/" + kind + "/" + name;
    }
}
