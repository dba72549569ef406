package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Probe;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ProbeSettings;
import java.util.List;

/**
 * Reads readinessProbe.httpGet.path (unset means "/"); passes when it is in allowedPaths, compared without a query
 * string or fragment ({@code /healthz?full=1} is {@code /healthz}). Other probe handlers, containers without a
 * readiness probe, and an empty allowedPaths list pass.
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
            List<String> allowed = settings.allowedPaths();
            if (!allowed.contains(path) && !allowed.contains(withoutQuery(path))) {
                out.add(c.name(), c.path() + ".readinessProbe.httpGet.path", "container \"" + c.name()
                        + "\": readinessProbe.httpGet.path is " + path + ", allowed: " + String.join(", ", allowed));
            }
        }
    }

    /** The path without what follows it: {@code ?query} and {@code #fragment}. */
    static String withoutQuery(String path) {
        String bare = path.split("[?#]", 2)[0];
        return bare.isEmpty() ? "/" : bare;
    }
}
