package dev.ballast.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record StabilityPolicyStatus(
        @JsonPropertyDescription("The metadata.generation this status was computed for.")
        Long observedGeneration,
        @JsonPropertyDescription("Ready is True once the policy has been evaluated, False with a reason when it cannot be; PolicyReportConflict is True while a PolicyReport Ballast would write exists without its ownership marks and is left untouched.")
        List<Condition> conditions,
        @JsonPropertyDescription("Counts over the workloads this policy selects.")
        PolicySummary summary,
        @JsonPropertyDescription("The most severe violations, capped; PolicyReports hold every result.")
        List<ViolationEntry> violations,
        @JsonPropertyDescription("The most recent HPA remediations.")
        List<RemediationEntry> remediations,
        @JsonPropertyDescription("Exempted (skipped) results, capped like violations, each with its reason and source: "
                + "annotation, policy, or StabilityException namespace/name.")
        List<ExemptionEntry> exemptions,
        @JsonPropertyDescription("How Istio mTLS was judged, e.g. whether the PeerAuthentication CRD is installed.")
        String mtlsJudgement,
        @JsonPropertyDescription("When the policy was last evaluated (RFC 3339).")
        String lastEvaluationTime) {
}
