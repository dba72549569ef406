package dev.ballast.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.PodStatuses;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.model.VersionedObject;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects a policy is evaluated against (workloads, ConfigMaps/Secrets) and the context the rules read, sorted
 * out of Kubernetes objects by kind: what {@code ballast audit} reads from manifests and {@code ballast report} from
 * a live cluster.
 */
public record ClusterObjects(List<Workload> workloads, List<ConfigObject> configObjects,
                             List<VersionedObject> versionedObjects, ClusterContext context) {
    public ClusterObjects {
        workloads = List.copyOf(workloads);
        configObjects = List.copyOf(configObjects);
        versionedObjects = List.copyOf(versionedObjects);
    }

    /**
     * One policy's evaluations: every workload it selects, then every ConfigMap/Secret it judges, then every HPA and
     * PodDisruptionBudget judged by the API version it was written in.
     */
    public List<Evaluation> evaluate(Evaluator evaluator, Policy policy) {
        List<Evaluation> evaluations = new ArrayList<>(evaluator.evaluateAll(policy, workloads, context));
        evaluations.addAll(evaluator.evaluateAll(policy, configObjects, context));
        evaluations.addAll(evaluator.evaluateAll(policy, versionedObjects, context));
        return evaluations;
    }

    /** The same objects with the Pods observed per workload, which turns on the Pod-status rules. */
    public ClusterObjects withPods(PodStatuses pods) {
        return new ClusterObjects(workloads, configObjects, versionedObjects, context.withPods(pods));
    }

    /** Every policy's evaluations, policy by policy. */
    public List<Evaluation> evaluate(Evaluator evaluator, List<Policy> policies) {
        List<Evaluation> evaluations = new ArrayList<>();
        policies.forEach(p -> evaluations.addAll(evaluate(evaluator, p)));
        return evaluations;
    }

    /**
     * One object's engine view, made by {@link Builder#map}: a {@link NamespaceView}, a {@link StabilityExceptionView}
     * or a {@link Subject}; null for a kind Ballast does not read.
     */
    public record View(Object view) {
    }

    /** Sorts objects by kind into their engine views; not thread-safe (one reader fills it). */
    public static final class Builder {
        private final List<Workload> workloads = new ArrayList<>();
        private final List<ConfigObject> configs = new ArrayList<>();
        private final List<NamespaceView> namespaces = new ArrayList<>();
        private final List<HpaView> hpas = new ArrayList<>();
        private final List<PodDisruptionBudgetView> pdbs = new ArrayList<>();
        private final List<PeerAuthenticationView> peerAuthentications = new ArrayList<>();
        private final List<StabilityExceptionView> exceptions = new ArrayList<>();

        /**
         * Maps one object by its kind ({@link SubjectMapper}; for PeerAuthentication and StabilityException also its
         * API group): workloads and ConfigMaps/Secrets are evaluated, HPAs, PeerAuthentications, Namespaces and
         * StabilityExceptions are context. False when Ballast does not read this kind; a {@link ManifestException}
         * naming the field when it cannot read the object.
         */
        public boolean add(JsonNode object, SourceRef source) {
            return add(map(object, source));
        }

        /**
         * The engine view {@link #add(JsonNode, SourceRef)} makes of one object, to be added later with
         * {@link #add(View)}. It keeps nothing of the object, and any thread may call it (a reader can map objects as
         * it parses them and drop their trees).
         */
        public static View map(JsonNode object, SourceRef source) {
            String kind = object.path("kind").asText("");
            String apiVersion = object.path("apiVersion").asText("");
            if ("Namespace".equals(kind)) {
                return new View(ContextMapper.namespace(object));
            }
            if (StabilityException.KIND.equals(kind)) {
                return new View(apiVersion.startsWith(StabilityPolicy.GROUP + "/") ? ExceptionMapper.map(object) : null);
            }
            if ("PeerAuthentication".equals(kind) && !apiVersion.startsWith(PeerAuthenticationCrd.GROUP + "/")) {
                return new View(null);
            }
            return new View(SubjectMapper.map(kind, object, source).orElse(null));
        }

        /** Adds an object mapped by {@link #map}; false when Ballast does not read its kind. */
        public boolean add(View mapped) {
            Object view = mapped.view();
            if (view instanceof NamespaceView namespace) {
                namespaces.add(namespace);
            } else if (view instanceof StabilityExceptionView exception) {
                exceptions.add(exception);
            } else if (view instanceof Workload workload) {
                workloads.add(workload);
            } else if (view instanceof ConfigObject config) {
                configs.add(config);
            } else if (view instanceof HpaView hpa) {
                hpas.add(hpa);
            } else if (view instanceof PeerAuthenticationView pa) {
                peerAuthentications.add(pa);
            } else if (view instanceof PodDisruptionBudgetView pdb) {
                pdbs.add(pdb);
            }
            return view != null;
        }

        /** What was added, with StabilityExceptions judged at {@code now}. */
        public ClusterObjects build(Instant now) {
            return new ClusterObjects(workloads, configs, List.of(), context(now));
        }

        private ClusterContext context(Instant now) {
            return ClusterContext.of(namespaces, peerAuthentications, hpas).withExceptions(exceptions, now);
        }

        /**
         * As {@link #build(Instant)}, for objects listed from a live cluster: the PodDisruptionBudgets added are all
         * there are, so the PDB rules run; apiVersions are the served ones, so api-deprecated does not.
         */
        public ClusterObjects buildListed(Instant now) {
            return new ClusterObjects(workloads, configs, List.of(), context(now).withPodDisruptionBudgets(pdbs));
        }

        /**
         * As {@link #build(Instant)}, for a complete set of objects as written (manifests): the PodDisruptionBudgets
         * added are all there are, so the PDB rules run (a workload no PDB selects fails pdb-missing), and each object's
         * apiVersion is the one it was written in, so api-deprecated judges the workloads and, on their own, the HPAs
         * and PodDisruptionBudgets.
         */
        public ClusterObjects buildComplete(Instant now) {
            List<VersionedObject> versioned = new ArrayList<>(hpas.size() + pdbs.size());
            hpas.forEach(h -> versioned.add(VersionedObject.of(h)));
            pdbs.forEach(p -> versioned.add(VersionedObject.of(p)));
            return new ClusterObjects(workloads, configs, versioned,
                    context(now).withPodDisruptionBudgets(pdbs).withWrittenVersions());
        }
    }
}
