package dev.ballast.rules.resources;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Quantity;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ResourceSettings;

/**
 * Reads resources.requests.memory and resources.limits.memory of each main container with a limit; passes when
 * they are equal as quantities (512Mi = 0.5Gi = 536870912). An unset request passes: Kubernetes defaults it to the
 * limit. An unparseable quantity fails, naming the field.
 */
public final class MemoryLimitNotEqualRequestRule implements WorkloadRule<ResourceSettings> {
    @Override
    public RuleId id() {
        return RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST;
    }

    @Override
    public boolean enabled(ResourceSettings settings) {
        return settings.memoryLimitEqualsRequest();
    }

    @Override
    public void check(Workload workload, ResourceSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (c.role() != ContainerView.Role.MAIN || c.memoryLimit() == null || c.memoryRequest() == null) {
                continue;
            }
            if (Quantity.parse(c.memoryLimit()).isEmpty()) {
                out.add(c.name(), c.path() + ".resources.limits.memory", "container \"" + c.name()
                        + "\": resources.limits.memory \"" + c.memoryLimit() + "\" is not a valid quantity");
            } else if (Quantity.parse(c.memoryRequest()).isEmpty()) {
                out.add(c.name(), c.path() + ".resources.requests.memory", "container \"" + c.name()
                        + "\": resources.requests.memory \"" + c.memoryRequest() + "\" is not a valid quantity");
            } else if (!Quantity.equal(c.memoryLimit(), c.memoryRequest())) {
                out.add(c.name(), c.path() + ".resources.requests.memory", "container \"" + c.name()
                        + "\": resources.requests.memory is " + c.memoryRequest() + ", limits.memory is "
                        + c.memoryLimit() + "; set them equal");
            }
        }
    }
}
