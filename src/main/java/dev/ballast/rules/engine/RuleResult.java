package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import java.util.List;

/**
 * The result of one rule on one object: PASS with no findings, FAIL with at least one, SKIP with its reason.
 * {@code severity} is the rule's default unless the rule judged this result otherwise (api-deprecated: high when the
 * target version no longer serves the object's API version); every output reads it from here.
 */
public record RuleResult(RuleId rule, Result result, List<Finding> findings, Severity severity) {
    public RuleResult {
        findings = List.copyOf(findings);
        severity = severity == null ? rule.severity() : severity;
    }

    /** A result of the rule's default severity. */
    public RuleResult(RuleId rule, Result result, List<Finding> findings) {
        this(rule, result, findings, null);
    }

    static RuleResult pass(RuleId rule) {
        return new RuleResult(rule, Result.PASS, List.of());
    }

    static RuleResult skip(RuleId rule, String reason) {
        return new RuleResult(rule, Result.SKIP, List.of(new Finding(null, null, reason)));
    }
}
