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

    /**
     * A policy that selects by {@link Match#defaults()} and has no group, no exemptions, the default annotation trust
     * for {@code mode}, no StabilityExceptions and no mutation, until the builder's setters say otherwise.
     */
    public static Builder builder(String name, Mode mode) {
        return new Builder(name, mode);
    }

    /** A builder holding every component of this policy, to build a copy with some of them changed. */
    public Builder toBuilder() {
        return new Builder(name, mode).match(match).probes(probes).resources(resources).securityContext(securityContext)
                .mtls(mtls).autoscaling(autoscaling).gitops(gitops).availability(availability).images(images)
                .exemptions(exemptions).annotationExemptions(annotationExemptions).allowExceptions(allowExceptions)
                .runtime(runtime).mutate(mutate).apis(apis);
    }

    public boolean honoursAnnotations() {
        return annotationExemptions == AnnotationExemptions.Allow;
    }

    /**
     * Collects a policy's components, one setter each; a null group leaves the group out. Not thread-safe: one caller
     * fills it and calls {@link #build()}.
     */
    public static final class Builder {
        private String name;
        private Mode mode;
        private Match match = Match.defaults();
        private ProbeSettings probes;
        private ResourceSettings resources;
        private SecuritySettings securityContext;
        private MtlsSettings mtls;
        private AutoscalingSettings autoscaling;
        private GitopsSettings gitops;
        private AvailabilitySettings availability;
        private ImageSettings images;
        private List<Exemption> exemptions = List.of();
        private AnnotationExemptions annotationExemptions;
        private boolean allowExceptions;
        private RuntimeSettings runtime;
        private boolean mutate;
        private ApiSettings apis;

        private Builder(String name, Mode mode) {
            this.name = name;
            this.mode = mode;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Does not change annotationExemptions: a copy keeps its resolved trust, a new builder resolves at build(). */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder match(Match match) {
            this.match = match;
            return this;
        }

        public Builder probes(ProbeSettings probes) {
            this.probes = probes;
            return this;
        }

        public Builder resources(ResourceSettings resources) {
            this.resources = resources;
            return this;
        }

        public Builder securityContext(SecuritySettings securityContext) {
            this.securityContext = securityContext;
            return this;
        }

        public Builder mtls(MtlsSettings mtls) {
            this.mtls = mtls;
            return this;
        }

        public Builder autoscaling(AutoscalingSettings autoscaling) {
            this.autoscaling = autoscaling;
            return this;
        }

        public Builder gitops(GitopsSettings gitops) {
            this.gitops = gitops;
            return this;
        }

        public Builder availability(AvailabilitySettings availability) {
            this.availability = availability;
            return this;
        }

        public Builder images(ImageSettings images) {
            this.images = images;
            return this;
        }

        public Builder exemptions(List<Exemption> exemptions) {
            this.exemptions = exemptions;
            return this;
        }

        /** Null: the default for the mode the policy has when built. */
        public Builder annotationExemptions(AnnotationExemptions annotationExemptions) {
            this.annotationExemptions = annotationExemptions;
            return this;
        }

        public Builder allowExceptions(boolean allowExceptions) {
            this.allowExceptions = allowExceptions;
            return this;
        }

        public Builder runtime(RuntimeSettings runtime) {
            this.runtime = runtime;
            return this;
        }

        public Builder mutate(boolean mutate) {
            this.mutate = mutate;
            return this;
        }

        public Builder apis(ApiSettings apis) {
            this.apis = apis;
            return this;
        }

        public Policy build() {
            return new Policy(name, mode, match, probes, resources, securityContext, mtls, autoscaling, gitops,
                    availability, images, exemptions, annotationExemptions, allowExceptions, runtime, mutate, apis);
        }
    }
}
