package dev.ballast.rules.engine;

import dev.ballast.rules.policy.Match;
import java.util.Map;

/** Decides whether a policy's match selects an object, from its kind, namespace (and labels) and own labels. */
final class PolicyMatcher {
    private PolicyMatcher() {
    }

    static boolean selectsNamespace(Match match, String namespace, ClusterContext context) {
        return !match.excludeNamespaces().contains(namespace)
                && match.namespaceSelector().matches(context.namespaceLabels(namespace));
    }

    static boolean selectsWorkload(Match match, String kind, String namespace, Map<String, String> labels,
                                   ClusterContext context) {
        return match.kinds().contains(kind) && selectsNamespace(match, namespace, context)
                && match.workloadSelector().matches(labels);
    }
}
