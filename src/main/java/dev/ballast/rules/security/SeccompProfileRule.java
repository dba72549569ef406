package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/**
 * Reads the effective securityContext.seccompProfile.type of every container (+init); passes when the policy's
 * requirement accepts it (RuntimeDefault accepts RuntimeDefault or Localhost; Localhost only Localhost).
 */
public final class SeccompProfileRule extends ContainerRule<SecuritySettings> {
    public SeccompProfileRule() {
        super(RuleId.SECCOMP_PROFILE, Policy::securityContext, Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        String type = EffectiveSecurity.seccompProfileType(c, pod.security());
        if (!settings.seccompProfile().satisfiedBy(type)) {
            out.container(c, "securityContext.seccompProfile.type", ": seccompProfile.type is "
                    + (type == null ? "unset" : type) + " (container or pod level), policy requires "
                    + settings.seccompProfile());
        }
    }
}
