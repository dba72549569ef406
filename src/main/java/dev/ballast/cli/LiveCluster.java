package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ExceptionMapper;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PeerAuthenticationCrd;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ballast report} reads from a live cluster, with paged lists (500 at a time): the policies, the
 * workloads and the rules' context, mapped exactly as the operator maps its informer caches. A list the
 * credentials may not make, or a cluster that does not answer, is an {@link InputException} naming it.
 */
record LiveCluster(List<StabilityPolicy> policies, List<Workload> workloads, ClusterContext context) {
    private static final int PAGE = 500;

    static LiveCluster read(KubernetesClient client, PrintWriter err) {
        List<StabilityPolicy> policies = call("stabilitypolicies.ballast.dev", client,
                () -> client.resources(StabilityPolicy.class).list().getItems());
        List<Workload> workloads = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet")) {
            for (JsonNode tree : list(client, "apps/v1", kind)) {
                try {
                    workloads.add(WorkloadMapper.map(tree, SourceRef.uid(tree.path("metadata").path("uid").asText(null))));
                } catch (ManifestException e) {
                    err.println("ballast report: warning: " + kind + " " + ContextMapper.namespaceOf(tree) + "/" + ContextMapper.nameOf(tree)
                            + " not evaluated: " + e.getMessage());
                }
            }
        }
        var namespaces = list(client, "v1", "Namespace").stream().map(ContextMapper::namespace).toList();
        var hpas = list(client, "autoscaling/v2", "HorizontalPodAutoscaler").stream()
                .map(t -> ContextMapper.hpa(t, SourceRef.NONE)).toList();
        String paVersion;
        try {
            paVersion = call("customresourcedefinitions/" + PeerAuthenticationCrd.NAME, client,
                    () -> PeerAuthenticationCrd.servedVersion(client));
        } catch (InputException forbidden) {
            err.println("ballast report: warning: " + forbidden.getMessage() + "; mTLS is judged without PeerAuthentications");
            paVersion = null;
        }
        var pas = paVersion == null ? List.<dev.ballast.rules.model.PeerAuthenticationView>of()
                : list(client, "security.istio.io/" + paVersion, "PeerAuthentication").stream()
                        .map(t -> ContextMapper.peerAuthentication(t, SourceRef.NONE)).toList();
        return new LiveCluster(policies, workloads, ClusterContext.of(namespaces, pas, hpas)
                .withExceptions(exceptions(client, err), Instant.now()));
    }

    /** StabilityExceptions, mapped as the operator maps them; none (with a warning) when they cannot be listed. */
    private static List<StabilityExceptionView> exceptions(KubernetesClient client, PrintWriter err) {
        List<JsonNode> trees;
        try {
            trees = list(client, StabilityPolicy.API_VERSION, StabilityException.KIND);
        } catch (InputException unavailable) {
            err.println("ballast report: warning: " + unavailable.getMessage() + "; no StabilityException is honoured");
            return List.of();
        }
        List<StabilityExceptionView> views = new ArrayList<>();
        for (JsonNode tree : trees) {
            try {
                views.add(ExceptionMapper.map(tree));
            } catch (ManifestException e) {
                err.println("ballast report: warning: StabilityException " + ContextMapper.namespaceOf(tree) + "/"
                        + ContextMapper.nameOf(tree) + " not honoured: " + e.getMessage());
            }
        }
        return views;
    }

    private static List<JsonNode> list(KubernetesClient client, String apiVersion, String kind) {
        return call(kind + " (" + apiVersion + ")", client, () -> {
            List<JsonNode> items = new ArrayList<>();
            String next = null;
            do {
                GenericKubernetesResourceList page = client.genericKubernetesResources(apiVersion, kind).inAnyNamespace()
                        .list(new ListOptionsBuilder().withLimit((long) PAGE).withContinue(next).build());
                for (GenericKubernetesResource item : page.getItems()) {
                    items.add(Serialization.jsonMapper().valueToTree(item));
                }
                next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
            return items;
        });
    }

    private static <T> T call(String what, KubernetesClient client, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            String server = client.getMasterUrl().toString();
            if (e.getCode() == 401) {
                throw new InputException("the cluster at " + server + " rejected the credentials (401) while listing " + what);
            }
            if (e.getCode() == 403) {
                throw new InputException("RBAC forbids listing " + what + " at " + server + ": "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
            }
            if (e.getCode() == 404 && what.startsWith("stabilitypolicies")) {
                throw new InputException("the cluster at " + server + " has no StabilityPolicy CRD: install it with kubectl apply -f manifests/");
            }
            if (e.getCode() <= 0) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                throw new InputException("cannot reach the cluster at " + server + ": " + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : ": " + root.getMessage()));
            }
            throw new InputException("listing " + what + " at " + server + " failed (" + e.getCode() + "): " + e.getMessage());
        }
    }
}
