package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;

/** Reads readinessProbe.failureThreshold (Kubernetes default 3); passes when it is at least minFailureThreshold. */
public final class ProbeFailureThresholdRule extends ContainerRule<ProbeSettings> {
    /** Kubernetes' default probe failureThreshold. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    public ProbeFailureThresholdRule() {
        super(RuleId.PROBE_FAILURE_THRESHOLD, Policy::probes, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ProbeSettings settings, Violations out) {
        if (c.readiness() == null) {
            return;
        }
        Integer set = c.readiness().failureThreshold();
        int threshold = set == null ? DEFAULT_FAILURE_THRESHOLD : set;
        if (threshold < settings.minFailureThreshold()) {
            out.container(c, "readinessProbe.failureThreshold", ": readinessProbe.failureThreshold is " + threshold
                    + (set == null ? " (default)" : "") + ", policy minimum is " + settings.minFailureThreshold());
        }
    }
}
