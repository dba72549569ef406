package dev.ballast.rules.policy;

import java.time.Duration;

/**
 * The {@code runtime} rule group: whether containers must send crash output to their termination message, and
 * how many restarts within {@code window} (judged back from the evaluation time) count as crash-looping.
 */
public record RuntimeSettings(boolean requireCrashMessages, int maxRestarts, Duration window) {
    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    public RuntimeSettings {
        if (maxRestarts < 0 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("runtime: maxRestarts must be >= 0 and window positive");
        }
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(true, DEFAULT_MAX_RESTARTS, DEFAULT_WINDOW);
    }
}
