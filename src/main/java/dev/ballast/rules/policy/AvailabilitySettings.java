package dev.ballast.rules.policy;

/** The {@code availability} rule group. */
public record AvailabilitySettings(int minReplicas, boolean requirePodDisruptionBudget, boolean requireSpread) {
    public static AvailabilitySettings defaults() {
        return new AvailabilitySettings(2, true, false);
    }
}
