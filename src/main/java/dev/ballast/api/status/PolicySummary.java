package dev.ballast.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public record PolicySummary(
        @JsonPropertyDescription("Workloads the policy selects.")
        Integer workloads,
        @JsonPropertyDescription("Selected workloads with no failing rule.")
        Integer compliant,
        @JsonPropertyDescription("Failing (workload, rule) pairs.")
        Integer violations,
        @JsonPropertyDescription("floor(100 x passed / (passed + failed)) over (workload, rule) pairs; 100 when nothing was evaluated.")
        Integer score) {
}
