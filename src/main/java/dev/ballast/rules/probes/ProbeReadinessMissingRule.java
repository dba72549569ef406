package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ProbeSettings;

/** Reads each main container's readinessProbe; passes when every one has it. On only when readiness is required. */
public final class ProbeReadinessMissingRule implements WorkloadRule<ProbeSettings> {
    @Override
    public RuleId id() {
        return RuleId.PROBE_READINESS_MISSING;
    }

    @Override
    public boolean enabled(ProbeSettings settings) {
        return settings.readinessRequired();
    }

    @Override
    public void check(Workload workload, ProbeSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (c.role() == ContainerView.Role.MAIN && c.readiness() == null) {
                out.add(c.name(), c.path() + ".readinessProbe",
                        "container \"" + c.name() + "\" has no readinessProbe");
            }
        }
    }
}
