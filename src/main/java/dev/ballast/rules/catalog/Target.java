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
    WORKLOAD_CHANGE
}
