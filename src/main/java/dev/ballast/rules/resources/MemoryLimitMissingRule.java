package dev.ballast.rules.resources;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ResourceSettings;

/** Reads resources.limits.memory of each main container; passes when every one sets it. */
public final class MemoryLimitMissingRule extends ContainerRule<ResourceSettings> {
    public MemoryLimitMissingRule() {
        super(RuleId.MEMORY_LIMIT_MISSING, Policy::resources, ResourceSettings::memoryLimitRequired, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ResourceSettings settings, Violations out) {
        if (c.memoryLimit() == null) {
            out.container(c, "resources.limits.memory", " sets no resources.limits.memory");
        }
    }
}
