package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Probe;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ProbeSettings;

/**
 * Reads timeoutSeconds of every main container's readiness, liveness and startup probe (Kubernetes default 1);
 * passes when each is at most the group maximum: readiness and startup use the readiness maximum, liveness its own.
 */
public final class ProbeTimeoutRule implements WorkloadRule<ProbeSettings> {
    /** Kubernetes' default probe timeoutSeconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 1;

    @Override
    public RuleId id() {
        return RuleId.PROBE_TIMEOUT;
    }

    @Override
    public void check(Workload workload, ProbeSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            if (c.role() != ContainerView.Role.MAIN) {
                continue;
            }
            check(c, "readinessProbe", c.readiness(), settings.readinessMaxTimeoutSeconds(), out);
            check(c, "livenessProbe", c.liveness(), settings.livenessMaxTimeoutSeconds(), out);
            check(c, "startupProbe", c.startup(), settings.readinessMaxTimeoutSeconds(), out);
        }
    }

    private static void check(ContainerView c, String field, Probe probe, int max, Violations out) {
        if (probe == null) {
            return;
        }
        int timeout = probe.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : probe.timeoutSeconds();
        if (timeout > max) {
            out.add(c.name(), c.path() + "." + field + ".timeoutSeconds", "container \"" + c.name() + "\": "
                    + field + ".timeoutSeconds is " + timeout + ", policy maximum is " + max);
        }
    }
}
