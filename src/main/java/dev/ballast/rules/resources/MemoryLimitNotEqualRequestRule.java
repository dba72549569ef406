package dev.ballast.rules.resources;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Quantity;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ResourceSettings;

/**
 * Reads resources.requests.memory and resources.limits.memory of each main container with a limit; passes when
 * they are equal as quantities (512Mi = 0.5Gi = 536870912). An unset request passes: Kubernetes defaults it to the
 * limit. An unparseable quantity fails, naming the field.
 */
public final class MemoryLimitNotEqualRequestRule extends ContainerRule<ResourceSettings> {
    public MemoryLimitNotEqualRequestRule() {
        super(RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST, Policy::resources, ResourceSettings::memoryLimitEqualsRequest, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ResourceSettings settings, Violations out) {
        if (c.memoryLimit() == null || c.memoryRequest() == null) {
            return;
        }
        if (Quantity.parse(c.memoryLimit()).isEmpty()) {
            out.container(c, "resources.limits.memory", ": resources.limits.memory \"" + c.memoryLimit()
                    + "\" is not a valid quantity");
        } else if (Quantity.parse(c.memoryRequest()).isEmpty()) {
            out.container(c, "resources.requests.memory", ": resources.requests.memory \"" + c.memoryRequest()
                    + "\" is not a valid quantity");
        } else if (!Quantity.equal(c.memoryLimit(), c.memoryRequest())) {
            out.container(c, "resources.requests.memory", ": resources.requests.memory is " + c.memoryRequest()
                    + ", limits.memory is " + c.memoryLimit() + "; set them equal");
        }
    }
}
