package dev.ballast.rules.probes;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.model.Probe;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;
import java.util.List;

/**
 * Reads readinessProbe.httpGet.path (unset means "/"); passes when it is in allowedPaths, compared without a query
 * string or fragment ({@code /healthz?full=1} is {@code /healthz}). Other probe handlers, containers without a
 * readiness probe, and an empty allowedPaths list pass.
 */
public final class ProbeReadinessPathRule extends ContainerRule<ProbeSettings> {
    public ProbeReadinessPathRule() {
        super(RuleId.PROBE_READINESS_PATH, Policy::probes, settings -> !settings.allowedPaths().isEmpty(), Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ProbeSettings settings, Violations out) {
        Probe probe = c.readiness();
        if (probe == null || !Probe.HTTP_GET.equals(probe.handler())) {
            return;
        }
        String path = probe.httpPath() == null || probe.httpPath().isEmpty() ? "/" : probe.httpPath();
        List<String> allowed = settings.allowedPaths();
        if (!allowed.contains(path) && !allowed.contains(withoutQuery(path))) {
            out.container(c, "readinessProbe.httpGet.path", ": readinessProbe.httpGet.path is " + path
                    + ", allowed: " + String.join(", ", allowed));
        }
    }

    /** The path without what follows it: {@code ?query} and {@code #fragment}. */
    static String withoutQuery(String path) {
        String bare = path.split("[?#]", 2)[0];
        return bare.isEmpty() ? "/" : bare;
    }
}
