package dev.ballast.rules.policy;

import java.util.List;

/**
 * A StabilityPolicy as the engine sees it: resolved, immutable, no Kubernetes types. A null group means the group
 * is absent from the policy and its rules are not checked. {@code annotationExemptions} is resolved (never null);
 * {@code allowExceptions} says whether StabilityExceptions in a workload's namespace apply.
 */
public record Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                     SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                     GitopsSettings gitops, AvailabilitySettings availability, ImageSettings images,
                     List<Exemption> exemptions, AnnotationExemptions annotationExemptions,
                     boolean allowExceptions) {
    public Policy {
        exemptions = List.copyOf(exemptions);
        annotationExemptions = annotationExemptions == null ? AnnotationExemptions.defaultFor(mode) : annotationExemptions;
    }

    /** A policy without the 0.2 groups (availability, images), default annotation trust, no StabilityExceptions. */
    public Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                  SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                  GitopsSettings gitops, List<Exemption> exemptions) {
        this(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, null, null, exemptions,
                null, false);
    }

    public boolean honoursAnnotations() {
        return annotationExemptions == AnnotationExemptions.Allow;
    }
}
