package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ballast.rules.policy.AnnotationExemptions;
import dev.ballast.rules.policy.Mode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.List;

public record StabilityPolicySpec(
        @JsonPropertyDescription("What happens at admission: Audit reports only, Warn admits with a warning per "
                + "violation, Enforce denies new violations. Status, PolicyReports, Events and metrics are the same "
                + "in every mode. Default Audit.")
        @Default("Audit")
        Mode mode,
        @JsonPropertyDescription("Which workloads this policy checks. Omitted: every Deployment outside kube-system, "
                + "kube-public and kube-node-lease.")
        MatchSpec match,
        @JsonPropertyDescription("The rule groups to check. A group is checked only when present; its fields take "
                + "the defaults shown in their descriptions.")
        @Required
        RulesSpec rules,
        @JsonPropertyDescription("Workloads and rules exempted from this policy. Exempted results are reported as "
                + "skip with the reason, never dropped.")
        List<ExemptionSpec> exemptions,
        @JsonPropertyDescription("Whether the ballast.dev/exempt workload annotation is honoured: Allow or Deny. With "
                + "Deny the annotation is ignored (results fail and say so) and adding or widening it at admission "
                + "violates exemption-not-allowed. Default: Allow in Audit and Warn, Deny in Enforce.")
        AnnotationExemptions annotationExemptions,
        @JsonPropertyDescription("Whether StabilityExceptions apply: each one in a workload's namespace that names this "
                + "policy (or none) exempts its workloads and rules until it expires. Default false.")
        @Default("false")
        Boolean allowExceptions,
        @JsonPropertyDescription("Whether the mutating admission webhook (/mutate) repairs the workloads and HPAs this "
                + "policy selects as they are created or updated: it only fills in what the author left unset and "
                + "tightens probe and HPA numbers to the policy's limits, with a warning per repair. Default false.")
        @Default("false")
        Boolean mutate) {
}
