package dev.ballast.report;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import java.util.ArrayList;
import java.util.List;

/** One non-passing result, flattened for renderers: what, where (object and file:line), and the field to fix. */
public record FindingRow(String policy, String namespace, String kind, String name, String container, RuleId rule,
                         Result result, String message, String field, String file, int line) {

    public static List<FindingRow> of(Evaluation e) {
        List<FindingRow> rows = new ArrayList<>();
        var s = e.subject();
        for (RuleResult r : e.results()) {
            if (r.result() == Result.PASS) {
                continue;
            }
            for (Finding f : r.findings()) {
                rows.add(new FindingRow(e.policy(), s.namespace(), s.kind(), s.name(), f.container(), r.rule(),
                        r.result(), f.message(), f.field(), s.source().file(), s.source().line()));
            }
        }
        return rows;
    }

    public String object() {
        return namespace + "/" + kind + "/" + name;
    }
}
