package dev.ballast.rules.apis;

/**
 * One group/version of one kind that Kubernetes deprecated ({@code deprecated}) and removes or removed
 * ({@code removed}, null when not scheduled), with the group/version to move to ({@code replacement}, null when none).
 */
public record ApiLifecycle(String apiVersion, String kind, KubeVersion deprecated, KubeVersion removed,
                           String replacement) {
    /** Whether a server of {@code version} no longer serves it. */
    public boolean removedAt(KubeVersion version) {
        return removed != null && version.atLeast(removed);
    }

    /** Whether {@code version} still serves it but has deprecated it. */
    public boolean deprecatedAt(KubeVersion version) {
        return deprecated != null && version.atLeast(deprecated) && !removedAt(version);
    }
}
