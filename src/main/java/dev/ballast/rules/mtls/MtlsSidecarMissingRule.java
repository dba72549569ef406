package dev.ballast.rules.mtls;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.MtlsSettings;
import dev.ballast.rules.policy.Policy;
import java.util.Map;

/**
 * Reads namespace labels istio-injection, istio.io/rev and istio.io/dataplane-mode and the pod template's
 * sidecar.istio.io/inject label or annotation; passes when a sidecar or ambient mode is on and the pod template
 * does not opt out.
 */
public final class MtlsSidecarMissingRule extends WorkloadRule<MtlsSettings> {
    static final String INJECT = "sidecar.istio.io/inject";

    public MtlsSidecarMissingRule() {
        super(RuleId.MTLS_SIDECAR_MISSING, Policy::mtls, MtlsSettings::requireSidecar);
    }

    @Override
    public void check(Workload workload, MtlsSettings settings, ClusterContext context, Violations out) {
        Map<String, String> ns = context.namespaceLabels(workload.namespace());
        var pod = workload.template();
        boolean optedOut = "false".equals(pod.labels().get(INJECT)) || "false".equals(pod.annotations().get(INJECT));
        if (optedOut) {
            out.add(null, "spec.template.metadata.labels[" + INJECT + "]",
                    "pod template opts out of the mesh with " + INJECT + ": \"false\"");
            return;
        }
        boolean meshed = "enabled".equals(ns.get("istio-injection")) || ns.containsKey("istio.io/rev")
                || "ambient".equals(ns.get("istio.io/dataplane-mode")) || "true".equals(pod.labels().get(INJECT));
        if (!meshed) {
            out.add(null, "metadata.labels[istio-injection]", "namespace \"" + workload.namespace()
                    + "\" has no istio-injection=enabled, istio.io/rev or ambient label, and the pod template no "
                    + INJECT + "=true label");
        }
    }
}
