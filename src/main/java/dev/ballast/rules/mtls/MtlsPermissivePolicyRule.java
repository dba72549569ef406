package dev.ballast.rules.mtls;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.PeerAuthenticationView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Admission only. Reads a PeerAuthentication's spec.mtls.mode and portLevelMtls; passes when none is PERMISSIVE or
 * DISABLE.
 */
public final class MtlsPermissivePolicyRule {
    public RuleId id() {
        return RuleId.MTLS_PERMISSIVE_POLICY;
    }

    public List<Finding> check(PeerAuthenticationView pa) {
        List<Finding> findings = new ArrayList<>(1);
        if (plainText(pa.mode())) {
            findings.add(new Finding(null, "spec.mtls.mode", "PeerAuthentication \"" + pa.name()
                    + "\" sets mtls.mode " + pa.mode() + "; use STRICT"));
        }
        for (Map.Entry<Integer, MtlsMode> port : new TreeMap<>(pa.portModes()).entrySet()) {
            if (plainText(port.getValue())) {
                findings.add(new Finding(null, "spec.portLevelMtls[" + port.getKey() + "].mode", "PeerAuthentication \""
                        + pa.name() + "\" sets port " + port.getKey() + " to " + port.getValue() + "; use STRICT"));
            }
        }
        return findings;
    }

    private static boolean plainText(MtlsMode mode) {
        return mode == MtlsMode.PERMISSIVE || mode == MtlsMode.DISABLE;
    }
}
