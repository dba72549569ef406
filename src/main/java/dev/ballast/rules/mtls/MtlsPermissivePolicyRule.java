package dev.ballast.rules.mtls;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.GroupRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.policy.MtlsSettings;
import dev.ballast.rules.policy.Policy;
import java.util.Map;
import java.util.TreeMap;

/**
 * Admission only. Reads a PeerAuthentication's spec.mtls.mode and portLevelMtls; passes when none is PERMISSIVE or
 * DISABLE.
 */
public final class MtlsPermissivePolicyRule extends GroupRule<PeerAuthenticationView, MtlsSettings> {
    public MtlsPermissivePolicyRule() {
        super(RuleId.MTLS_PERMISSIVE_POLICY, PeerAuthenticationView.class, Policy::mtls);
    }

    @Override
    public void check(PeerAuthenticationView pa, MtlsSettings settings, ClusterContext context, Violations out) {
        if (plainText(pa.mode())) {
            out.add(null, "spec.mtls.mode", "PeerAuthentication \"" + pa.name() + "\" sets mtls.mode " + pa.mode()
                    + "; use STRICT");
        }
        for (Map.Entry<Integer, MtlsMode> port : new TreeMap<>(pa.portModes()).entrySet()) {
            if (plainText(port.getValue())) {
                out.add(null, "spec.portLevelMtls[" + port.getKey() + "].mode", "PeerAuthentication \""
                        + pa.name() + "\" sets port " + port.getKey() + " to " + port.getValue() + "; use STRICT");
            }
        }
    }

    private static boolean plainText(MtlsMode mode) {
        return mode == MtlsMode.PERMISSIVE || mode == MtlsMode.DISABLE;
    }
}
