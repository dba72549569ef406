package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads securityContext.allowPrivilegeEscalation of every container (+init); passes when it is explicitly false. */
public final class PrivilegeEscalationAllowedRule implements WorkloadRule<SecuritySettings> {
    @Override
    public RuleId id() {
        return RuleId.PRIVILEGE_ESCALATION_ALLOWED;
    }

    @Override
    public boolean enabled(SecuritySettings settings) {
        return !settings.allowPrivilegeEscalation();
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (!Boolean.FALSE.equals(c.security().allowPrivilegeEscalation())) {
                out.add(c.name(), c.path() + ".securityContext.allowPrivilegeEscalation", "container \"" + c.name()
                        + "\": securityContext.allowPrivilegeEscalation is " + describe(c.security().allowPrivilegeEscalation())
                        + ", must be false");
            }
        }
    }

    private static String describe(Boolean value) {
        return value == null ? "unset" : value.toString();
    }
}
