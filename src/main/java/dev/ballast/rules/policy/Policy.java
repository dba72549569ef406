package dev.ballast.rules.policy;

import java.util.List;

/**
 * A StabilityPolicy as the engine sees it: resolved, immutable, no Kubernetes types. A null group means the group
 * is absent from the policy and its rules are not checked.
 */
public record Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                     SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                     GitopsSettings gitops, List<Exemption> exemptions) {
    public Policy {
        exemptions = List.copyOf(exemptions);
    }
}
