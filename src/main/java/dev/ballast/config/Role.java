package dev.ballast.config;

import java.util.Locale;
import java.util.Optional;

/** The parts one Ballast process runs ({@code ballast.role}): one image serves as controller, webhook, or both. */
public enum Role {
    CONTROLLER, WEBHOOK, ALL;

    /** The configured role; an unknown value throws with a one-line message naming the setting. */
    public static Role of(BallastConfig config) {
        return parse(config.role());
    }

    /** The configured role, or empty when unknown (start-up then ends with the message of {@link #of}). */
    public static Optional<Role> known(BallastConfig config) {
        try {
            return Optional.of(of(config));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    static Role parse(String value) {
        String normalized = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.name().equals(normalized)) {
                return role;
            }
        }
        throw new IllegalArgumentException("ballast.role (BALLAST_ROLE) is \"" + value + "\"; use controller, webhook or all");
    }

    /** The operator: reconciler, informers, leader election, PolicyReports, Events, remediation, the report. */
    public boolean runsController() {
        return this != WEBHOOK;
    }

    /** The admission webhook: its listener, its informer caches, its TLS provisioning. */
    public boolean runsWebhook() {
        return this != CONTROLLER;
    }
}
