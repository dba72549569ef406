package dev.ballast.rules.mtls;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.MtlsSettings;
import dev.ballast.rules.policy.Policy;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the PeerAuthentications of the workload's namespace and of the root namespace; passes when the effective
 * mTLS mode (see {@link MtlsResolver}) is STRICT for the workload and on every port.
 */
public final class MtlsNotStrictRule extends WorkloadRule<MtlsSettings> {
    public MtlsNotStrictRule() {
        super(RuleId.MTLS_NOT_STRICT, Policy::mtls);
    }

    @Override
    public void check(Workload workload, MtlsSettings settings, ClusterContext context, Violations out) {
        EffectiveMtls mtls = MtlsResolver.resolve(workload.namespace(), workload.template().labels(),
                settings.rootNamespace(), context.peerAuthentications(workload.namespace()),
                context.peerAuthentications(settings.rootNamespace()));
        if (mtls.mode() != MtlsMode.STRICT) {
            out.add(null, "PeerAuthentication.spec.mtls.mode",
                    "effective mTLS mode is " + mtls.mode() + " (" + mtls.decidedBy() + ")");
        }
        for (Map.Entry<Integer, MtlsMode> port : new TreeMap<>(mtls.ports()).entrySet()) {
            if (port.getValue() != MtlsMode.STRICT) {
                out.add(null, "PeerAuthentication.spec.portLevelMtls[" + port.getKey() + "].mode", "port "
                        + port.getKey() + " has mTLS mode " + port.getValue() + " (" + mtls.portsDecidedBy() + ")");
            }
        }
    }
}
