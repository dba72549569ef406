package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public record AutoscalingSpec(
        @JsonPropertyDescription("Highest CPU utilization target an HPA may use (hpa-cpu-target); an HPA without "
                + "metrics or target is judged as Kubernetes' default 80. Range 1-100, default 60.")
        @Min(1) @Max(100)
        Integer maxTargetCPUUtilization,
        @JsonPropertyDescription("true: the operator patches offending HPAs down to maxTargetCPUUtilization (never up; "
                + "HPAs annotated ballast.dev/remediate: \"false\" are left alone). Default false.")
        Boolean remediate) {
}
