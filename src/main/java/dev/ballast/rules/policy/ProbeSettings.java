package dev.ballast.rules.policy;

import java.util.List;

/** The {@code probes} rule group. */
public record ProbeSettings(boolean readinessRequired, List<String> allowedPaths, int readinessMaxTimeoutSeconds,
                            int minFailureThreshold, boolean livenessRequired, int livenessMaxTimeoutSeconds) {
    public static final List<String> DEFAULT_ALLOWED_PATHS = List.of("/healthz", "/readyz");

    public ProbeSettings {
        allowedPaths = List.copyOf(allowedPaths);
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings(true, DEFAULT_ALLOWED_PATHS, 10, 5, false, 10);
    }
}
