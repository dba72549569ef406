package dev.ballast.rules.policy;

import java.util.List;
import java.util.Set;

/** The {@code gitops} rule group. */
public record GitopsSettings(Set<String> allowedManagers) {
    public static final List<String> DEFAULT_MANAGERS = List.of("argocd-controller", "argocd-application-controller");

    public GitopsSettings {
        allowedManagers = Set.copyOf(allowedManagers);
    }

    public static GitopsSettings defaults() {
        return new GitopsSettings(Set.copyOf(DEFAULT_MANAGERS));
    }
}
