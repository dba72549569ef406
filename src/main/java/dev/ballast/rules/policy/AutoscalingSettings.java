package dev.ballast.rules.policy;

/** The {@code autoscaling} rule group. */
public record AutoscalingSettings(int maxTargetCPUUtilization, boolean remediate) {
    public static AutoscalingSettings defaults() {
        return new AutoscalingSettings(60, false);
    }
}
