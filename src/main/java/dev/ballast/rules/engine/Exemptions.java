package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.Policy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a rule is exempted for an object, and says by what: the {@code ballast.dev/exempt} annotation
 * ("true" for every rule, or a comma-separated list of rule IDs) when the policy honours it, the policy's
 * exemptions, or a StabilityException in the object's namespace when the policy allows them and it has not expired.
 */
final class Exemptions {
    static final String ANNOTATION = "ballast.dev/exempt";
    static final String REASON_ANNOTATION = "ballast.dev/exempt-reason";

    private final Policy policy;
    private final String namespace;
    private final String name;
    private final ClusterContext context;
    private final Set<RuleId> byAnnotation;
    private final String annotationReason;

    Exemptions(Policy policy, String namespace, String name, Map<String, String> annotations, ClusterContext context) {
        this.policy = policy;
        this.namespace = namespace;
        this.name = name;
        this.context = context;
        this.byAnnotation = annotated(annotations);
        String why = annotations.get(REASON_ANNOTATION);
        this.annotationReason = "exempted by annotation " + ANNOTATION + (why == null || why.isBlank() ? "" : ": " + why);
    }

    /** The rules an object's annotations ask to be exempted from; unknown IDs are ignored. */
    static Set<RuleId> annotated(Map<String, String> annotations) {
        String value = annotations.get(ANNOTATION);
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

    /** Why the rule is skipped, naming the exemption's source; null when it is not exempted. */
    String reason(RuleId rule) {
        if (policy.honoursAnnotations() && byAnnotation.contains(rule)) {
            return annotationReason;
        }
        for (Exemption e : policy.exemptions()) {
            if (e.covers(namespace, name, rule)) {
                return "exempted by policy " + policy.name() + ": " + e.reason();
            }
        }
        if (policy.allowExceptions()) {
            for (StabilityExceptionView e : context.exceptions(namespace)) {
                if (e.covers(policy.name(), namespace, name, rule, context.now())) {
                    return "exempted by StabilityException " + e.namespace() + "/" + e.name() + " (until " + e.expires()
                            + "): " + e.reason();
                }
            }
        }
        return null;
    }

    /** Whether the annotation asks to exempt this rule but the policy does not honour it. */
    boolean annotationIgnored(RuleId rule) {
        return !policy.honoursAnnotations() && byAnnotation.contains(rule);
    }

    /** Appended to a failure the annotation would have exempted, so its owner learns why it still fails. */
    String ignoredNote() {
        return " (" + ANNOTATION + " is not honoured: policy " + policy.name() + " sets annotationExemptions: Deny)";
    }
}
