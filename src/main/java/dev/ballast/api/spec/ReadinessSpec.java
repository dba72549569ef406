package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@ValidationRule(value = "!has(self.allowedPaths) || self.allowedPaths.all(p, p.startsWith('/'))",
        message = "every allowed path must start with /", fieldPath = ".allowedPaths")
public record ReadinessSpec(
        @JsonPropertyDescription("Every container must have a readinessProbe (probe-readiness-missing). Default true.")
        Boolean required,
        @JsonPropertyDescription("Paths an httpGet readiness probe may use (probe-readiness-path). Other probe types "
                + "pass; an empty list allows any path. Default [/healthz, /readyz].")
        List<String> allowedPaths,
        @JsonPropertyDescription("Largest timeoutSeconds for readiness and startup probes (probe-timeout); "
                + "Kubernetes' default is 1. Range 1-600, default 10.")
        @Min(1) @Max(600)
        Integer maxTimeoutSeconds,
        @JsonPropertyDescription("Smallest readiness failureThreshold (probe-failure-threshold); Kubernetes' default "
                + "is 3. Range 1-100, default 5.")
        @Min(1) @Max(100)
        Integer minFailureThreshold) {
}
