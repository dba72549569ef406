package dev.ballast.rules.policy;

import java.util.List;

/**
 * A StabilityPolicy as the engine sees it: resolved, immutable, no Kubernetes types. A null group means the group
 * is absent from the policy and its rules are not checked. {@code annotationExemptions} is resolved (never null);
 * {@code allowExceptions} says whether StabilityExceptions in a workload's namespace apply; {@code mutate} whether
 * the mutating webhook applies this policy's repairs at admission.
 */
public record Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                     SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                     GitopsSettings gitops, AvailabilitySettings availability, ImageSettings images,
                     List<Exemption> exemptions, AnnotationExemptions annotationExemptions,
                     boolean allowExceptions, RuntimeSettings runtime, boolean mutate, ApiSettings apis) {
    public Policy {
        exemptions = List.copyOf(exemptions);
        annotationExemptions = annotationExemptions == null ? AnnotationExemptions.defaultFor(mode) : annotationExemptions;
    }

    /** A policy without the {@code apis} group. */
    public Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                  SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                  GitopsSettings gitops, AvailabilitySettings availability, ImageSettings images,
                  List<Exemption> exemptions, AnnotationExemptions annotationExemptions,
                  boolean allowExceptions, RuntimeSettings runtime, boolean mutate) {
        this(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, availability, images,
                exemptions, annotationExemptions, allowExceptions, runtime, mutate, null);
    }

    /** A policy that does not mutate. */
    public Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                  SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                  GitopsSettings gitops, AvailabilitySettings availability, ImageSettings images,
                  List<Exemption> exemptions, AnnotationExemptions annotationExemptions,
                  boolean allowExceptions, RuntimeSettings runtime) {
        this(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, availability, images,
                exemptions, annotationExemptions, allowExceptions, runtime, false);
    }

    /** A policy without the {@code runtime} group. */
    public Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                  SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                  GitopsSettings gitops, AvailabilitySettings availability, ImageSettings images,
                  List<Exemption> exemptions, AnnotationExemptions annotationExemptions, boolean allowExceptions) {
        this(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, availability, images,
                exemptions, annotationExemptions, allowExceptions, null, false);
    }

    /** A policy without the 0.2 groups (availability, images, runtime). */
    public Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                  SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                  GitopsSettings gitops, List<Exemption> exemptions, AnnotationExemptions annotationExemptions,
                  boolean allowExceptions) {
        this(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, null, null, exemptions,
                annotationExemptions, allowExceptions, null, false);
    }

    /** The same policy with this {@code runtime} group (null: without it). */
    public Policy withRuntime(RuntimeSettings settings) {
        return new Policy(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, availability,
                images, exemptions, annotationExemptions, allowExceptions, settings, mutate, apis);
    }

    /** This policy with the mutating webhook's repairs on or off. */
    public Policy withMutate(boolean mutate) {
        return new Policy(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, availability,
                images, exemptions, annotationExemptions, allowExceptions, runtime, mutate, apis);
    }

    /** The same policy with this {@code apis} group (null: without it). */
    public Policy withApis(ApiSettings settings) {
        return new Policy(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, availability,
                images, exemptions, annotationExemptions, allowExceptions, runtime, mutate, settings);
    }

    /** A policy without the 0.2 groups, with the default annotation trust for its mode and no StabilityExceptions. */
    public Policy(String name, Mode mode, Match match, ProbeSettings probes, ResourceSettings resources,
                  SecuritySettings securityContext, MtlsSettings mtls, AutoscalingSettings autoscaling,
                  GitopsSettings gitops, List<Exemption> exemptions) {
        this(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops, null, null, exemptions,
                null, false, null, false);
    }

    public boolean honoursAnnotations() {
        return annotationExemptions == AnnotationExemptions.Allow;
    }
}
