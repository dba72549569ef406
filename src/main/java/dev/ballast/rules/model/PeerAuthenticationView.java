package dev.ballast.rules.model;

import java.time.Instant;
import java.util.Map;

/**
 * An Istio PeerAuthentication. {@code selector} is its workload selector's matchLabels (empty when it has none);
 * {@code mode} is STRICT, PERMISSIVE, DISABLE or UNSET (absent = UNSET); {@code portModes} maps port to mode.
 */
public record PeerAuthenticationView(String namespace, String name, Instant created, Map<String, String> selector,
                                     MtlsMode mode, Map<Integer, MtlsMode> portModes, SourceRef source)
        implements Subject {
    public static final String KIND = "PeerAuthentication";

    public PeerAuthenticationView {
        selector = Map.copyOf(selector);
        portModes = Map.copyOf(portModes);
        mode = mode == null ? MtlsMode.UNSET : mode;
        created = created == null ? Instant.EPOCH : created;
    }

    @Override
    public ResourceRef ref() {
        return new ResourceRef(KIND, namespace, name, source);
    }

    public boolean hasSelector() {
        return !selector.isEmpty();
    }

    public String display() {
        return namespace + "/" + name;
    }
}
