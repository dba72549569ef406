package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads securityContext.capabilities.drop of every container (+init); passes when it contains ALL. */
public final class CapabilitiesNotDroppedRule extends ContainerRule<SecuritySettings> {
    public CapabilitiesNotDroppedRule() {
        super(RuleId.CAPABILITIES_NOT_DROPPED, Policy::securityContext, SecuritySettings::dropAllCapabilities, Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        if (!c.security().droppedCapabilities().contains("ALL")) {
            out.container(c, "securityContext.capabilities.drop",
                    ": securityContext.capabilities.drop does not contain ALL");
        }
    }
}
