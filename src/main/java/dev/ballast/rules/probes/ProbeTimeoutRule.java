package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.model.Probe;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;

/**
 * Reads timeoutSeconds of every main container's readiness, liveness and startup probe (Kubernetes default 1);
 * passes when each is at most the group maximum: readiness and startup use the readiness maximum, liveness its own.
 */
public final class ProbeTimeoutRule extends ContainerRule<ProbeSettings> {
    /** Kubernetes' default probe timeoutSeconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 1;

    public ProbeTimeoutRule() {
        super(RuleId.PROBE_TIMEOUT, Policy::probes, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ProbeSettings settings, Violations out) {
        check(c, "readinessProbe", c.readiness(), settings.readinessMaxTimeoutSeconds(), out);
        check(c, "livenessProbe", c.liveness(), settings.livenessMaxTimeoutSeconds(), out);
        check(c, "startupProbe", c.startup(), settings.readinessMaxTimeoutSeconds(), out);
    }

    private static void check(ContainerView c, String field, Probe probe, int max, Violations out) {
        if (probe == null) {
            return;
        }
        int timeout = probe.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : probe.timeoutSeconds();
        if (timeout > max) {
            out.container(c, field + ".timeoutSeconds", ": " + field + ".timeoutSeconds is " + timeout
                    + ", policy maximum is " + max);
        }
    }
}
