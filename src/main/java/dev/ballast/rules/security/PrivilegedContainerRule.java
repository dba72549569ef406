package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads securityContext.privileged of every container (+init); passes when it is not true. */
public final class PrivilegedContainerRule implements WorkloadRule<SecuritySettings> {
    @Override
    public RuleId id() {
        return RuleId.PRIVILEGED_CONTAINER;
    }

    @Override
    public boolean enabled(SecuritySettings settings) {
        return !settings.privileged();
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (Boolean.TRUE.equals(c.security().privileged())) {
                out.add(c.name(), c.path() + ".securityContext.privileged",
                        "container \"" + c.name() + "\": securityContext.privileged is true");
            }
        }
    }
}
