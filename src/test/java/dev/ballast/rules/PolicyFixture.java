package dev.ballast.rules;

import dev.ballast.rules.policy.AutoscalingSettings;
import dev.ballast.rules.policy.AvailabilitySettings;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.GitopsSettings;
import dev.ballast.rules.policy.ImageSettings;
import dev.ballast.rules.policy.Match;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.MtlsSettings;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;
import dev.ballast.rules.policy.ResourceSettings;
import dev.ballast.rules.policy.SecuritySettings;
import java.util.List;

/** Engine policies for tests: every group at its defaults, with small variations. */
public final class PolicyFixture {
    private PolicyFixture() {
    }

    public static Policy baseline() {
        return Policy.builder("baseline", Mode.Audit).probes(ProbeSettings.defaults()).resources(ResourceSettings.defaults())
                .securityContext(SecuritySettings.defaults()).mtls(MtlsSettings.defaults())
                .autoscaling(AutoscalingSettings.defaults()).gitops(GitopsSettings.defaults()).build();
    }

    /** The baseline with the 0.2 groups: availability and images (null leaves a group out). */
    public static Policy withBreadth(AvailabilitySettings availability, ImageSettings images) {
        return baseline().toBuilder().availability(availability).images(images).build();
    }

    public static Policy withResources(ResourceSettings resources) {
        return baseline().toBuilder().resources(resources).build();
    }

    public static Policy withMatch(Match match) {
        return baseline().toBuilder().match(match).build();
    }

    public static Policy withExemptions(List<Exemption> exemptions) {
        return baseline().toBuilder().exemptions(exemptions).build();
    }

    public static Policy withProbes(ProbeSettings probes) {
        return baseline().toBuilder().probes(probes).build();
    }

    public static Policy withSecurity(SecuritySettings security) {
        return baseline().toBuilder().securityContext(security).build();
    }

    /** Baseline without the mtls group, for tests about other groups without a mesh in the context. */
    public static Policy withoutMtls() {
        return baseline().toBuilder().mtls(null).build();
    }
}
