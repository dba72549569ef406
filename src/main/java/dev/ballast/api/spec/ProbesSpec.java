package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public record ProbesSpec(
        @JsonPropertyDescription("Readiness probe rules (probe-readiness-missing, probe-readiness-path, "
                + "probe-failure-threshold; its timeout also bounds startup probes).")
        ReadinessSpec readiness,
        @JsonPropertyDescription("Liveness probe rules (probe-liveness-missing, probe-timeout).")
        LivenessSpec liveness) {
}
