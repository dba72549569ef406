package dev.ballast.rules.resources;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ResourceSettings;

/** Reads resources.requests.cpu of each main container; passes when every one sets it. */
public final class CpuRequestMissingRule extends ContainerRule<ResourceSettings> {
    public CpuRequestMissingRule() {
        super(RuleId.CPU_REQUEST_MISSING, Policy::resources, ResourceSettings::cpuRequestRequired, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ResourceSettings settings, Violations out) {
        if (c.cpuRequest() == null) {
            out.container(c, "resources.requests.cpu", " sets no resources.requests.cpu");
        }
    }
}
