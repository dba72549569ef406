package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.Policy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a rule is exempted for an object: by the {@code ballast.dev/exempt} annotation ("true" for every
 * rule, or a comma-separated list of rule IDs) or by the policy's exemptions. Returns the reason, or null.
 */
final class Exemptions {
    static final String ANNOTATION = "ballast.dev/exempt";
    static final String REASON_ANNOTATION = "ballast.dev/exempt-reason";

    private final Policy policy;
    private final String namespace;
    private final String name;
    private final Set<RuleId> byAnnotation;
    private final String annotationReason;

    Exemptions(Policy policy, String namespace, String name, Map<String, String> annotations) {
        this.policy = policy;
        this.namespace = namespace;
        this.name = name;
        this.byAnnotation = parse(annotations.get(ANNOTATION));
        String why = annotations.get(REASON_ANNOTATION);
        this.annotationReason = "exempted by annotation " + ANNOTATION + (why == null || why.isBlank() ? "" : ": " + why);
    }

    private static Set<RuleId> parse(String value) {
        if (value == null || value.isBlank() || "false".equalsIgnoreCase(value.trim())) {
            return Set.of();
        }
        if ("true".equalsIgnoreCase(value.trim())) {
            return EnumSet.allOf(RuleId.class);
        }
        Set<RuleId> rules = EnumSet.noneOf(RuleId.class);
        for (String id : value.split(",")) {
            RuleId.fromId(id).ifPresent(rules::add);
        }
        return rules;
    }

    String reason(RuleId rule) {
        if (byAnnotation.contains(rule)) {
            return annotationReason;
        }
        for (Exemption e : policy.exemptions()) {
            if (e.covers(namespace, name, rule)) {
                return "exempted by policy " + policy.name() + ": " + e.reason();
            }
        }
        return null;
    }
}
