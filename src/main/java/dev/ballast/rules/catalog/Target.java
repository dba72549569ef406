package dev.ballast.rules.catalog;

/** What a rule inspects. */
public enum Target {
    /** Deployments, StatefulSets and DaemonSets (their pod template). */
    WORKLOAD,
    /** ConfigMaps and Secrets. */
    CONFIG,
    /** Istio PeerAuthentications; judged at admission only. */
    PEER_AUTHENTICATION,
    /** A change to a workload's {@code ballast.dev/exempt} annotation (old and new object); judged at admission only. */
    WORKLOAD_CHANGE,
    /** A manifest's text against the OpenAPI schema of its kind; judged by {@code ballast audit --strict} only. */
    MANIFEST;

    /** Whether the evaluator runs a rule class for it (not for changes, which it judges itself, nor for manifests). */
    public boolean judgedByRules() {
        return this != WORKLOAD_CHANGE && this != MANIFEST;
    }
}
