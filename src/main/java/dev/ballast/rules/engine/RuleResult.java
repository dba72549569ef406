package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import java.util.List;

/** The result of one rule on one object: PASS with no findings, FAIL with at least one, SKIP with its reason. */
public record RuleResult(RuleId rule, Result result, List<Finding> findings) {
    public RuleResult {
        findings = List.copyOf(findings);
    }

    static RuleResult pass(RuleId rule) {
        return new RuleResult(rule, Result.PASS, List.of());
    }

    static RuleResult skip(RuleId rule, String reason) {
        return new RuleResult(rule, Result.SKIP, List.of(new Finding(null, null, reason)));
    }
}
