package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/** Reads the pod's hostNetwork, hostPID and hostIPC; passes when none is true. */
public final class HostNamespacesRule extends WorkloadRule<SecuritySettings> {
    public HostNamespacesRule() {
        super(RuleId.HOST_NAMESPACES, Policy::securityContext, settings -> !settings.hostNamespaces());
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        var pod = workload.template();
        if (pod.hostNetwork()) {
            out.add(null, "spec.template.spec.hostNetwork", "pod sets hostNetwork: true");
        }
        if (pod.hostPID()) {
            out.add(null, "spec.template.spec.hostPID", "pod sets hostPID: true");
        }
        if (pod.hostIPC()) {
            out.add(null, "spec.template.spec.hostIPC", "pod sets hostIPC: true");
        }
    }
}
