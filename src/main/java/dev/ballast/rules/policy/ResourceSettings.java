package dev.ballast.rules.policy;

/** The {@code resources} rule group. */
public record ResourceSettings(boolean memoryLimitRequired, boolean memoryLimitEqualsRequest,
                               boolean cpuRequestRequired) {
    public static ResourceSettings defaults() {
        return new ResourceSettings(true, true, true);
    }
}
