package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads securityContext.capabilities.drop of every container (+init); passes when it contains ALL. */
public final class CapabilitiesNotDroppedRule implements WorkloadRule<SecuritySettings> {
    @Override
    public RuleId id() {
        return RuleId.CAPABILITIES_NOT_DROPPED;
    }

    @Override
    public boolean enabled(SecuritySettings settings) {
        return settings.dropAllCapabilities();
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (!c.security().droppedCapabilities().contains("ALL")) {
                out.add(c.name(), c.path() + ".securityContext.capabilities.drop",
                        "container \"" + c.name() + "\": securityContext.capabilities.drop does not contain ALL");
            }
        }
    }
}
