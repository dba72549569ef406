package dev.ballast.rules.policy;

import java.util.List;
import java.util.Set;

/** Which workloads a policy selects. All fields are resolved (defaults applied) by the mapper. */
public record Match(Set<String> kinds, LabelSelector namespaceSelector, Set<String> excludeNamespaces,
                    LabelSelector workloadSelector) {
    public static final List<String> DEFAULT_KINDS = List.of("Deployment");
    public static final List<String> DEFAULT_EXCLUDED_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease");

    public Match {
        kinds = Set.copyOf(kinds);
        excludeNamespaces = Set.copyOf(excludeNamespaces);
    }

    public static Match defaults() {
        return new Match(Set.copyOf(DEFAULT_KINDS), LabelSelector.EVERYTHING, Set.copyOf(DEFAULT_EXCLUDED_NAMESPACES),
                LabelSelector.EVERYTHING);
    }
}
