package dev.ballast.rules.resources;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ResourceSettings;

/** Reads resources.limits.memory of each main container; passes when every one sets it. */
public final class MemoryLimitMissingRule implements WorkloadRule<ResourceSettings> {
    @Override
    public RuleId id() {
        return RuleId.MEMORY_LIMIT_MISSING;
    }

    @Override
    public boolean enabled(ResourceSettings settings) {
        return settings.memoryLimitRequired();
    }

    @Override
    public void check(Workload workload, ResourceSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (c.role() == ContainerView.Role.MAIN && c.memoryLimit() == null) {
                out.add(c.name(), c.path() + ".resources.limits.memory",
                        "container \"" + c.name() + "\" sets no resources.limits.memory");
            }
        }
    }
}
