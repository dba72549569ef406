package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;

/** Reads each main container's readinessProbe; passes when every one has it. On only when readiness is required. */
public final class ProbeReadinessMissingRule extends ContainerRule<ProbeSettings> {
    public ProbeReadinessMissingRule() {
        super(RuleId.PROBE_READINESS_MISSING, Policy::probes, ProbeSettings::readinessRequired, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ProbeSettings settings, Violations out) {
        if (c.readiness() == null) {
            out.container(c, "readinessProbe", " has no readinessProbe");
        }
    }
}
