package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads securityContext.allowPrivilegeEscalation of every container (+init); passes when it is explicitly false. */
public final class PrivilegeEscalationAllowedRule extends ContainerRule<SecuritySettings> {
    public PrivilegeEscalationAllowedRule() {
        super(RuleId.PRIVILEGE_ESCALATION_ALLOWED, Policy::securityContext, settings -> !settings.allowPrivilegeEscalation(), Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        Boolean allowed = c.security().allowPrivilegeEscalation();
        if (!Boolean.FALSE.equals(allowed)) {
            out.container(c, "securityContext.allowPrivilegeEscalation", ": securityContext.allowPrivilegeEscalation is "
                    + (allowed == null ? "unset" : allowed.toString()) + ", must be false");
        }
    }
}
