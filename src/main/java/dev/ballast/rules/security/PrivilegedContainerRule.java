package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads securityContext.privileged of every container (+init); passes when it is not true. */
public final class PrivilegedContainerRule extends ContainerRule<SecuritySettings> {
    public PrivilegedContainerRule() {
        super(RuleId.PRIVILEGED_CONTAINER, Policy::securityContext, settings -> !settings.privileged(), Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        if (Boolean.TRUE.equals(c.security().privileged())) {
            out.container(c, "securityContext.privileged", ": securityContext.privileged is true");
        }
    }
}
