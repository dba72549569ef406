package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;

/** Reads each main container's livenessProbe; passes when every one has it. On only when liveness is required. */
public final class ProbeLivenessMissingRule extends ContainerRule<ProbeSettings> {
    public ProbeLivenessMissingRule() {
        super(RuleId.PROBE_LIVENESS_MISSING, Policy::probes, ProbeSettings::livenessRequired, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ProbeSettings settings, Violations out) {
        if (c.liveness() == null) {
            out.container(c, "livenessProbe", " has no livenessProbe");
        }
    }
}
