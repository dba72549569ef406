package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

public record MatchSpec(
        @JsonPropertyDescription("Workload kinds to check. Default [Deployment].")
        @Size(min = 1)
        List<WorkloadKind> kinds,
        @JsonPropertyDescription("Only namespaces whose labels match this selector. Default: every namespace.")
        LabelSelector namespaceSelector,
        @JsonPropertyDescription("Namespaces never checked. Default [kube-system, kube-public, kube-node-lease]; "
                + "Ballast's own namespace is always excluded.")
        List<String> excludeNamespaces,
        @JsonPropertyDescription("Only workloads whose own labels match this selector. Default: every workload.")
        LabelSelector workloadSelector) {
}
