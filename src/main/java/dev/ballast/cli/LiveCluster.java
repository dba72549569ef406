package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ClusterObjects;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ContextViews;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PeerAuthenticationCrd;
import dev.ballast.kube.PodViewMapper;
import dev.ballast.kube.SubjectMapper;
import dev.ballast.rules.engine.PodStatuses;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.runtime.ObservedPods;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code ballast report} reads from a live cluster, with paged lists (500 at a time): the policies, and the
 * workloads, the rules' context (PodDisruptionBudgets included) and the Pods' status as {@link ClusterObjects}, mapped as the operator maps its informer caches. A list the
 * credentials may not make, or a cluster that does not answer, is an {@link InputException} naming it.
 */
record LiveCluster(List<StabilityPolicy> policies, ClusterObjects objects) {
    private static final int PAGE = 500;
    private static final String NOT_SUCCEEDED = PodViewMapper.PHASE_FIELD + "!=" + PodViewMapper.UNLISTED_PHASE;

    static LiveCluster read(KubernetesClient client, PrintWriter err) {
        List<StabilityPolicy> policies = call("stabilitypolicies.ballast.dev", client,
                () -> client.resources(StabilityPolicy.class).list().getItems());
        ClusterObjects.Builder objects = new ClusterObjects.Builder();
        for (String kind : SubjectMapper.WORKLOAD_KINDS) {
            add(objects, list(client, "apps/v1", kind), "not evaluated", err);
        }
        add(objects, list(client, "v1", "Namespace"), "not read", err);
        add(objects, list(client, "autoscaling/v2", "HorizontalPodAutoscaler"), "not read", err);
        String paVersion;
        try {
            paVersion = call("customresourcedefinitions/" + PeerAuthenticationCrd.NAME, client,
                    () -> PeerAuthenticationCrd.servedVersion(client));
        } catch (InputException forbidden) {
            err.println("ballast report: warning: " + forbidden.getMessage() + "; mTLS is judged without PeerAuthentications");
            paVersion = null;
        }
        if (paVersion != null) {
            add(objects, list(client, PeerAuthenticationCrd.GROUP + "/" + paVersion, "PeerAuthentication"), "not read", err);
        }
        add(objects, exceptions(client, err), "not honoured", err);
        boolean pdbsListed = addPodDisruptionBudgets(client, objects, err);
        ClusterObjects built = pdbsListed ? objects.buildListed(Instant.now()) : objects.build(Instant.now());
        PodStatuses pods = pods(client, err);
        return new LiveCluster(policies, pods == null ? built : built.withPods(pods));
    }

    /**
     * The Pods' status as the runtime rules read it, listed page by page and mapped as the operator's Pod cache maps
     * it; only Pods with a container that restarted, waits or terminated are kept, so memory follows the failing Pods,
     * not the cluster. Succeeded Pods (finished Jobs) are not listed. Null (with a warning) when Pods cannot be listed:
     * then the runtime rules are not evaluated.
     */
    private static PodStatuses pods(KubernetesClient client, PrintWriter err) {
        try {
            return call("pods (v1)", client, () -> {
                List<PodView> failing = new ArrayList<>();
                String next = null;
                do {
                    PodList page = client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit((long) PAGE)
                            .withFieldSelector(NOT_SUCCEEDED).withContinue(next).build());
                    for (Pod pod : page.getItems()) {
                        PodView view = PodViewMapper.map(pod, replicaSet -> null);
                        if (!view.containers().isEmpty()) {
                            failing.add(view);
                        }
                    }
                    next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
                } while (next != null && !next.isEmpty());
                return ObservedPods.of(failing);
            });
        } catch (InputException forbidden) {
            err.println("ballast report: warning: " + forbidden.getMessage() + "; Pod status is not read, so crash-looping, "
                    + "oom-killed and go-runtime-fatal are not evaluated");
            return null;
        }
    }

    /** Maps each object as the operator maps its informer caches; one it cannot read is named and left out. */
    private static void add(ClusterObjects.Builder objects, List<JsonNode> trees, String consequence, PrintWriter err) {
        for (JsonNode tree : trees) {
            try {
                objects.add(tree, ContextViews.uid(tree));
            } catch (ManifestException e) {
                err.println("ballast report: warning: " + tree.path("kind").asText() + " " + ContextMapper.namespaceOf(tree)
                        + "/" + ContextMapper.nameOf(tree) + " " + consequence + ": " + e.getMessage());
            }
        }
    }

    /** Adds the PodDisruptionBudgets; false (with a warning) when they cannot be listed, so the PDB rules don't run. */
    private static boolean addPodDisruptionBudgets(KubernetesClient client, ClusterObjects.Builder objects, PrintWriter err) {
        try {
            add(objects, list(client, "policy/v1", "PodDisruptionBudget"), "not read", err);
            return true;
        } catch (InputException unavailable) {
            err.println("ballast report: warning: " + unavailable.getMessage()
                    + "; pdb-missing and pdb-blocks-eviction are not evaluated");
            return false;
        }
    }

    /** StabilityExceptions; none (with a warning) when they cannot be listed. */
    private static List<JsonNode> exceptions(KubernetesClient client, PrintWriter err) {
        try {
            return list(client, StabilityPolicy.API_VERSION, StabilityException.KIND);
        } catch (InputException unavailable) {
            err.println("ballast report: warning: " + unavailable.getMessage() + "; no StabilityException is honoured");
            return List.of();
        }
    }

    private static List<JsonNode> list(KubernetesClient client, String apiVersion, String kind) {
        return call(kind + " (" + apiVersion + ")", client, () -> {
            List<JsonNode> items = new ArrayList<>();
            String next = null;
            do {
                GenericKubernetesResourceList page = client.genericKubernetesResources(apiVersion, kind).inAnyNamespace()
                        .list(new ListOptionsBuilder().withLimit((long) PAGE).withContinue(next).build());
                for (GenericKubernetesResource item : page.getItems()) {
                    // list items may omit their type; the objects are sorted by it
                    ObjectNode tree = Serialization.jsonMapper().valueToTree(item);
                    tree.put("apiVersion", apiVersion).put("kind", kind);
                    items.add(tree);
                }
                next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
            return items;
        });
    }

    private static <T> T call(String what, KubernetesClient client, Supplier<T> read) {
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
