package dev.ballast.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Set;
import java.util.stream.Collectors;

/** Which version of Istio's PeerAuthentication API the cluster serves, for the operator's and the webhook's informers. */
public final class PeerAuthenticationCrd {
    public static final String NAME = "peerauthentications.security.istio.io";
    public static final String GROUP = "security.istio.io";

    private PeerAuthenticationCrd() {
    }

    /**
     * The served version of Istio's PeerAuthentication CRD (v1 preferred), or null when it is not installed.
     * Throws when the CRD cannot be read (RBAC, connectivity); the CLI reports that itself, so no logging here.
     */
    public static String servedVersion(KubernetesClient client) {
        return servedVersion(client.apiextensions().v1().customResourceDefinitions().withName(NAME).get());
    }

    /** The served version of this CRD object (v1 preferred), or null when it is absent or serves neither. */
    public static String servedVersion(CustomResourceDefinition crd) {
        if (crd == null || crd.getSpec() == null || crd.getSpec().getVersions() == null) {
            return null;
        }
        Set<String> served = crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(v -> v.getName()).collect(Collectors.toSet());
        return served.contains("v1") ? "v1" : served.contains("v1beta1") ? "v1beta1" : null;
    }

    /**
     * {@link #servedVersion(CustomResourceDefinition)} once the API server serves it (condition Established): an
     * informer started before that would fail its first list.
     */
    public static String establishedVersion(CustomResourceDefinition crd) {
        boolean established = crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        return established ? servedVersion(crd) : null;
    }

    /** A cache for the CRD keeping only what is read, its served versions and Established condition: Istio's schemas are large. */
    public static PrunedItemStore<CustomResourceDefinition> prunedStore() {
        return new PrunedItemStore<>(c -> {
            if (c.getSpec() != null && c.getSpec().getVersions() != null) {
                c.getSpec().getVersions().forEach(v -> v.setSchema(null));
            }
        });
    }

    /** What an informer on PeerAuthentications of the given version needs. */
    public static ResourceDefinitionContext resource(String version) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind("PeerAuthentication")
                .withPlural("peerauthentications").withNamespaced(true).build();
    }

    /** How mTLS is judged with the given served version (null: the CRD is not installed), for policy status. */
    public static String judgement(String version) {
        return version == null
                ? "Istio's PeerAuthentication CRD (" + NAME + ") is not installed: every workload is judged PERMISSIVE"
                        + " (Istio's default without a policy); Ballast picks the CRD up when it is installed"
                : "from PeerAuthentications (" + GROUP + "/" + version + ") in the informer cache";
    }
}
