package dev.ballast.rules.policy;

/** The {@code mtls} rule group. STRICT is the only mode a policy can require. */
public record MtlsSettings(String rootNamespace, boolean requireSidecar) {
    public static final String DEFAULT_ROOT_NAMESPACE = "istio-system";

    public static MtlsSettings defaults() {
        return new MtlsSettings(DEFAULT_ROOT_NAMESPACE, true);
    }
}
