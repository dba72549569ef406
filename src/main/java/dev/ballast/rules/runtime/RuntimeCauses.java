package dev.ballast.rules.runtime;

import dev.ballast.rules.catalog.RuleId;
import java.util.Set;

/**
 * Which static findings explain a Pod-status failure, so a report can show the fix next to the crash: an OOM kill
 * next to a missing or unequal memory limit, a crash loop next to probes that restart too eagerly, any crash next
 * to crash output that never reaches the Pod status.
 */
public final class RuntimeCauses {
    private static final Set<RuleId> POD_STATUS_RULES =
            Set.of(RuleId.CRASH_LOOPING, RuleId.OOM_KILLED, RuleId.GO_RUNTIME_FATAL);

    private RuntimeCauses() {
    }

    /** Whether the rule judges observed Pod status (operator only). */
    public static boolean podStatusRule(RuleId rule) {
        return POD_STATUS_RULES.contains(rule);
    }

    /** The static rules whose failures may explain a failure of this Pod-status rule; empty for any other rule. */
    public static Set<RuleId> explaining(RuleId rule) {
        return switch (rule) {
            case OOM_KILLED -> Set.of(RuleId.MEMORY_LIMIT_MISSING, RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST);
            case CRASH_LOOPING -> Set.of(RuleId.MEMORY_LIMIT_MISSING, RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST,
                    RuleId.PROBE_TIMEOUT, RuleId.PROBE_FAILURE_THRESHOLD, RuleId.TERMINATION_MESSAGE_POLICY);
            case GO_RUNTIME_FATAL -> Set.of(RuleId.TERMINATION_MESSAGE_POLICY);
            default -> Set.of();
        };
    }
}
