package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;

/** One finding of a rule result, with the result it belongs to: a row of a flattened {@link Evaluation}. */
public record ResultFinding(RuleResult result, Finding finding) {
    public RuleId rule() {
        return result.rule();
    }

    public Severity severity() {
        return result.severity();
    }
}
