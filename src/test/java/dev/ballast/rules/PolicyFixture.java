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
        return new Policy("baseline", Mode.Audit, Match.defaults(), ProbeSettings.defaults(), ResourceSettings.defaults(),
                SecuritySettings.defaults(), MtlsSettings.defaults(), AutoscalingSettings.defaults(),
                GitopsSettings.defaults(), List.of());
    }

    /** The baseline with the 0.2 groups: availability and images (null leaves a group out). */
    public static Policy withBreadth(AvailabilitySettings availability, ImageSettings images) {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), p.match(), p.probes(), p.resources(), p.securityContext(), p.mtls(),
                p.autoscaling(), p.gitops(), availability, images, p.exemptions(), null, false);
    }

    public static Policy withResources(ResourceSettings resources) {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), p.match(), p.probes(), resources, p.securityContext(), p.mtls(),
                p.autoscaling(), p.gitops(), p.exemptions());
    }

    public static Policy withMatch(Match match) {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), match, p.probes(), p.resources(), p.securityContext(), p.mtls(),
                p.autoscaling(), p.gitops(), p.exemptions());
    }

    public static Policy withExemptions(List<Exemption> exemptions) {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), p.match(), p.probes(), p.resources(), p.securityContext(), p.mtls(),
                p.autoscaling(), p.gitops(), exemptions);
    }

    public static Policy withProbes(ProbeSettings probes) {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), p.match(), probes, p.resources(), p.securityContext(), p.mtls(),
                p.autoscaling(), p.gitops(), p.exemptions());
    }

    public static Policy withSecurity(SecuritySettings security) {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), p.match(), p.probes(), p.resources(), security, p.mtls(),
                p.autoscaling(), p.gitops(), p.exemptions());
    }

    /** Baseline without the mtls group, for tests about other groups without a mesh in the context. */
    public static Policy withoutMtls() {
        Policy p = baseline();
        return new Policy(p.name(), p.mode(), p.match(), p.probes(), p.resources(), p.securityContext(), null,
                p.autoscaling(), p.gitops(), p.exemptions());
    }
}
