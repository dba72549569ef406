package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public record ResourcesSpec(
        @JsonPropertyDescription("Every container must set resources.limits.memory (memory-limit-missing). Default true.")
        Boolean memoryLimitRequired,
        @JsonPropertyDescription("A container's memory request must equal its limit, compared as quantities "
                + "(memory-limit-not-equal-request); an unset request passes. Default true.")
        Boolean memoryLimitEqualsRequest,
        @JsonPropertyDescription("Every container (not init) must set resources.requests.cpu (cpu-request-missing). "
                + "Default true.")
        Boolean cpuRequestRequired) {
}
