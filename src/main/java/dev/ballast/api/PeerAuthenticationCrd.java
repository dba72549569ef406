package dev.ballast.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Which version of Istio's PeerAuthentication API the cluster serves, for the operator's and the webhook's informers. */
public final class PeerAuthenticationCrd {
    public static final String NAME = "peerauthentications.security.istio.io";

    private PeerAuthenticationCrd() {
    }

    /**
     * The served version of Istio's PeerAuthentication CRD (v1 preferred), or null when it is not installed.
     * Throws when the CRD cannot be read (RBAC, connectivity); the CLI reports that itself, so no logging here.
     */
    public static String servedVersion(KubernetesClient client) {
        var crd = client.apiextensions().v1().customResourceDefinitions().withName(NAME).get();
        if (crd == null) {
            return null;
        }
        Set<String> served = crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(v -> v.getName()).collect(Collectors.toSet());
        return served.contains("v1") ? "v1" : served.contains("v1beta1") ? "v1beta1" : null;
    }

    /** {@link #servedVersion}, or null with a warning when the CRD cannot be read: the operator keeps going. */
    public static String servedVersionOrWarn(KubernetesClient client) {
        try {
            return servedVersion(client);
        } catch (RuntimeException e) {
            Logger.getLogger(PeerAuthenticationCrd.class).warnf("cannot read CRD %s (%s); mTLS will be judged without"
                    + " PeerAuthentications", NAME, e.getMessage() != null ? e.getMessage() : e.toString());
            return null;
        }
    }
}
