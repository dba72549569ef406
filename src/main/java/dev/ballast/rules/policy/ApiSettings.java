package dev.ballast.rules.policy;

/** The {@code apis} rule group: the Kubernetes version ({@code 1.34}) objects are judged against. */
public record ApiSettings(KubeVersion targetVersion) {
}
