package dev.ballast.rules.engine;

import dev.ballast.rules.model.Subject;
import dev.ballast.rules.policy.Match;
import java.util.Map;

/** Decides whether a policy's match selects a subject: its kind, its namespace (and labels), its own labels. */
final class PolicyMatcher {
    private PolicyMatcher() {
    }

    static boolean selectsNamespace(Match match, String namespace, ClusterContext context) {
        return !match.excludeNamespaces().contains(namespace)
                && match.namespaceSelector().matches(context.namespaceLabels(namespace));
    }

    static boolean selects(Match match, Subject subject, ClusterContext context) {
        String kind = subject.matchKind();
        Map<String, String> labels = subject.matchLabels();
        return (kind == null || match.kinds().contains(kind)) && selectsNamespace(match, subject.namespace(), context)
                && (labels == null || match.workloadSelector().matches(labels));
    }
}
