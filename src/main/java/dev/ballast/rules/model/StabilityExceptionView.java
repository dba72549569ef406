package dev.ballast.rules.model;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.policy.Exemption;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A StabilityException: exemptions granted in one namespace, until {@code expires}. Empty policies, rules or
 * workloads (name globs) mean "any". It applies only where a policy sets {@code allowExceptions: true}.
 */
public record StabilityExceptionView(String namespace, String name, Set<String> policies, Set<RuleId> rules,
                                     List<String> workloads, String reason, Instant expires) {
    public StabilityExceptionView {
        policies = Set.copyOf(policies);
        rules = rules.isEmpty() ? Set.of() : Set.copyOf(rules);
        workloads = List.copyOf(workloads);
    }

    public boolean names(String policy) {
        return policies.isEmpty() || policies.contains(policy);
    }

    public boolean covers(String policy, String objectNamespace, String objectName, RuleId rule, Instant now) {
        return namespace.equals(objectNamespace) && names(policy) && now.isBefore(expires)
                && (rules.isEmpty() || rules.contains(rule))
                && (workloads.isEmpty() || workloads.stream().anyMatch(glob -> Exemption.globMatches(glob, objectName)));
    }
}
