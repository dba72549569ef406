package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ProbeSettings;

/** Reads readinessProbe.failureThreshold (Kubernetes default 3); passes when it is at least minFailureThreshold. */
public final class ProbeFailureThresholdRule implements WorkloadRule<ProbeSettings> {
    /** Kubernetes' default probe failureThreshold. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    @Override
    public RuleId id() {
        return RuleId.PROBE_FAILURE_THRESHOLD;
    }

    @Override
    public void check(Workload workload, ProbeSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (c.role() != ContainerView.Role.MAIN || c.readiness() == null) {
                continue;
            }
            Integer set = c.readiness().failureThreshold();
            int threshold = set == null ? DEFAULT_FAILURE_THRESHOLD : set;
            if (threshold < settings.minFailureThreshold()) {
                out.add(c.name(), c.path() + ".readinessProbe.failureThreshold", "container \"" + c.name()
                        + "\": readinessProbe.failureThreshold is " + threshold + (set == null ? " (default)" : "")
                        + ", policy minimum is " + settings.minFailureThreshold());
            }
        }
    }
}
