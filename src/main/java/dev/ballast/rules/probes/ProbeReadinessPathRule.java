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
 * Reads readinessProbe.httpGet.path (unset means "/"); passes when it is in allowedPaths. Other probe handlers,
 * containers without a readiness probe, and an empty allowedPaths list pass.
 */
public final class ProbeReadinessPathRule implements WorkloadRule<ProbeSettings> {
    @Override
    public RuleId id() {
        return RuleId.PROBE_READINESS_PATH;
    }

    @Override
    public boolean enabled(ProbeSettings settings) {
        return !settings.allowedPaths().isEmpty();
    }

    @Override
    public void check(Workload workload, ProbeSettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            Probe probe = c.readiness();
            if (c.role() != ContainerView.Role.MAIN || probe == null || !Probe.HTTP_GET.equals(probe.handler())) {
                continue;
            }
            String path = probe.httpPath() == null || probe.httpPath().isEmpty() ? "/" : probe.httpPath();
            if (!settings.allowedPaths().contains(path)) {
                out.add(c.name(), c.path() + ".readinessProbe.httpGet.path", "container \"" + c.name()
                        + "\": readinessProbe.httpGet.path is " + path + ", allowed: " + String.join(", ", settings.allowedPaths()));
            }
        }
    }
}
