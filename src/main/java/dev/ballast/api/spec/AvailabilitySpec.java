package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public record AvailabilitySpec(
        @JsonPropertyDescription("Fewest replicas a Deployment or StatefulSet may run (replicas-minimum); when HPAs "
                + "target it, the smallest of their minReplicas is judged. Range 1-1000, default 2.")
        @Min(1) @Max(1000)
        Integer minReplicas,
        @JsonPropertyDescription("true: a workload with 2 or more replicas must be selected by a PodDisruptionBudget "
                + "(pdb-missing). Default true.")
        Boolean requirePodDisruptionBudget,
        @JsonPropertyDescription("true: a workload with 2 or more replicas must spread over hostname or zone, by "
                + "topologySpreadConstraints or pod anti-affinity (topology-spread-missing). Default false.")
        Boolean requireSpread) {
}
