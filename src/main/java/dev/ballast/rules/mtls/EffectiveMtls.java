package dev.ballast.rules.mtls;

import dev.ballast.rules.model.MtlsMode;
import java.util.Map;

/**
 * A workload's effective mTLS: its workload-wide mode, per-port overrides, and a human-readable account of which
 * PeerAuthentications decided the mode and the ports.
 */
public record EffectiveMtls(MtlsMode mode, Map<Integer, MtlsMode> ports, String decidedBy, String portsDecidedBy) {
    public EffectiveMtls {
        ports = Map.copyOf(ports);
    }

    public boolean strictEverywhere() {
        return mode == MtlsMode.STRICT && ports.values().stream().allMatch(m -> m == MtlsMode.STRICT);
    }
}
