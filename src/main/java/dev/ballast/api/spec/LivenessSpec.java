package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public record LivenessSpec(
        @JsonPropertyDescription("Every container must have a livenessProbe (probe-liveness-missing). Default false.")
        Boolean required,
        @JsonPropertyDescription("Largest timeoutSeconds for liveness probes (probe-timeout). Range 1-600, default 10.")
        @Min(1) @Max(600)
        Integer maxTimeoutSeconds) {
}
