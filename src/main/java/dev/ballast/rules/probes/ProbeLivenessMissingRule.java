package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ProbeSettings;

/** Reads each main container's livenessProbe; passes when every one has it. On only when liveness is required. */
public final class ProbeLivenessMissingRule implements WorkloadRule<ProbeSettings> {
    @Override
    public RuleId id() {
        return RuleId.PROBE_LIVENESS_MISSING;
    }

    @Override
    public boolean enabled(ProbeSettings settings) {
        return settings.livenessRequired();
    }

    @Override
    public void check(Workload workload, ProbeSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (c.role() == ContainerView.Role.MAIN && c.liveness() == null) {
                out.add(c.name(), c.path() + ".livenessProbe", "container \"" + c.name() + "\" has no livenessProbe");
            }
        }
    }
}
