package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

public record MtlsSpec(
        @JsonPropertyDescription("Required effective Istio mTLS mode on every port (mtls-not-strict). Default STRICT.")
        MtlsRequirement mode,
        @JsonPropertyDescription("Istio's root namespace, where selector-less PeerAuthentications apply mesh-wide. "
                + "Default istio-system.")
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        String rootNamespace,
        @JsonPropertyDescription("The workload must run with a sidecar or in ambient mode (mtls-sidecar-missing). "
                + "Default true.")
        Boolean requireSidecar) {
}
