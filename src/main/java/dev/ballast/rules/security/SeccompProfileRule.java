package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;

/**
 * Reads the effective securityContext.seccompProfile.type of every container (+init); passes when the policy's
 * requirement accepts it (RuntimeDefault accepts RuntimeDefault or Localhost; Localhost only Localhost).
 */
public final class SeccompProfileRule implements WorkloadRule<SecuritySettings> {
    @Override
    public RuleId id() {
        return RuleId.SECCOMP_PROFILE;
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        var pod = workload.template().security();
        for (ContainerView c : workload.template().containers()) {
            String type = EffectiveSecurity.seccompProfileType(c, pod);
            if (!settings.seccompProfile().satisfiedBy(type)) {
                out.add(c.name(), c.path() + ".securityContext.seccompProfile.type", "container \"" + c.name()
                        + "\": seccompProfile.type is " + (type == null ? "unset" : type)
                        + " (container or pod level), policy requires " + settings.seccompProfile());
            }
        }
    }
}
