package dev.ballast.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ExceptionMapper;
import dev.ballast.kube.PdbMapper;
import dev.ballast.kube.PodViewMapper;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.runtime.PodOwnership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The informer caches policies are evaluated from, holding engine views rather than whole objects ({@link ViewStore}):
 * workloads, HPAs, PodDisruptionBudgets, Namespaces, StabilityExceptions (when their CRD exists) and
 * PeerAuthentications (while Istio's CRD exists, followed at run time). Each change is routed to every policy's
 * {@link PendingChanges} as what it affects: a workload change that workload, an HPA change the workloads it targets
 * and a PodDisruptionBudget change the workloads it selects (before and after), a Namespace, PeerAuthentication or
 * StabilityException change its namespace's workloads. Its informer event then reconciles
 * every policy, and each evaluates only what was marked. Reads never call the API server.
 * Another context informer is one {@link #context} store whose listener marks what it
 * affects, plus its place in {@link #context(Instant)}.
 * Pods are the exception ({@link #podInformer}): a Pod informer event reconciles nothing by itself, its store's listener
 * marks the owning workload and reconciles only when the runtime rules can see the change.
 */
final class ClusterInventory {
    static final PrimaryToSecondaryMapper<StabilityPolicy> NO_SECONDARIES = policy -> Set.of();
    /** Informers list in pages, so a large cluster is never held whole in one response at start-up. */
    private static final long LIST_PAGE = 500;
    private static final FieldSelector NOT_SUCCEEDED = new FieldSelector(new FieldSelector.Field(PodViewMapper.PHASE_FIELD,
            PodViewMapper.UNLISTED_PHASE, true));

    private final Map<String, ViewStore<? extends HasMetadata, Workload>> workloads = new LinkedHashMap<>();
    private final ViewStore<HorizontalPodAutoscaler, HpaView> hpas;
    private final ViewStore<PodDisruptionBudget, PodDisruptionBudgetView> pdbs;
    private final ViewStore<Namespace, NamespaceView> namespaces;
    private final ViewStore<StabilityException, StabilityExceptionView> exceptions;
    private final PeerAuthentications peerAuthentications;
    private final PodStatusStore pods;
    private final List<EventSource<?, StabilityPolicy>> sources = new ArrayList<>();
    private final SimpleInboundEventSource<StabilityPolicy> triggers = new SimpleInboundEventSource<>("ballast-triggers");
    private final ConcurrentMap<String, PendingChanges> pending = new ConcurrentHashMap<>();
    private final AtomicReference<CachedContext> context = new AtomicReference<>();
    private final EventSourceContext<StabilityPolicy> eventSourceContext;

    private record CachedContext(List<Object> versions, ClusterContext context) {
    }

    ClusterInventory(EventSourceContext<StabilityPolicy> context) {
        this.eventSourceContext = context;
        workload(Deployment.class, Deployment::new, context);
        workload(StatefulSet.class, StatefulSet::new, context);
        workload(DaemonSet.class, DaemonSet::new, context);
        hpas = context(HorizontalPodAutoscaler.class, context, h -> ContextMapper.hpa(tree(h), uid(h)),
                ClusterInventory::hpaStub, this::hpaChanged);
        pdbs = context(PodDisruptionBudget.class, context, p -> PdbMapper.map(tree(p), uid(p)),
                ViewStore.metadataStub(PodDisruptionBudget::new), this::pdbChanged);
        namespaces = context(Namespace.class, context, ContextMapper::namespace, ViewStore.metadataStub(Namespace::new),
                (before, after) -> markNamespace(after == null ? before.name() : after.name()));
        exceptions = StabilityException.installed(context.getClient())
                ? context(StabilityException.class, context, e -> ExceptionMapper.map(tree(e)),
                        ViewStore.metadataStub(StabilityException::new),
                        (before, after) -> markNamespace(after == null ? before.namespace() : after.namespace()))
                : null;
        peerAuthentications = new PeerAuthentications(context, this::everyPolicy, () -> new ViewStore<>(
                pa -> ContextMapper.peerAuthentication(tree(pa), uid(pa)), ViewStore.metadataStub(GenericKubernetesResource::new),
                (before, after) -> markNamespace(after == null ? before.namespace() : after.namespace())));
        sources.add(peerAuthentications.crdEventSource());
        sources.add(triggers);
        pods = podInformer(context);
    }

    /**
     * The Pod informer: its store keeps only what the runtime rules read ({@link PodStatusStore}); a ReplicaSet's
     * Deployment is inferred from the {@code pod-template-hash} naming the Deployment controller uses, so no
     * ReplicaSet is read or cached. A Pod's change marks the workload it belongs to before and after, then reconciles
     * every policy; its informer event itself maps to no policy, so a change the rules cannot see costs nothing.
     * Succeeded Pods (finished Jobs) belong to no workload and are not listed.
     */
    private PodStatusStore podInformer(EventSourceContext<StabilityPolicy> context) {
        PodStatusStore store = new PodStatusStore((namespace, replicaSet) -> null, (before, after) -> {
            for (PodView pod : new PodView[] {before, after}) {
                if (pod != null) {
                    PodOwnership.workloadOf(pod).ifPresent(o -> markWorkload(new WorkloadKey(pod.namespace(), o.name(), o.kind())));
                }
            }
            pending.keySet().forEach(this::reconcile);
        });
        var config = InformerEventSourceConfiguration.from(Pod.class, StabilityPolicy.class)
                .withSecondaryToPrimaryMapper(pod -> Set.of())
                .withPrimaryToSecondaryMapper(NO_SECONDARIES)
                .withItemStore(store)
                .withFieldSelector(NOT_SUCCEEDED)
                .withInformerListLimit(LIST_PAGE)
                .build();
        sources.add(new InformerEventSource<>(config, context));
        return store;
    }

    private <R extends HasMetadata> void workload(Class<R> type, Supplier<R> stub, EventSourceContext<StabilityPolicy> context) {
        String kind = stub.get().getKind();
        workloads.put(kind, context(type, context, o -> WorkloadMapper.map(tree(o), uid(o)), ViewStore.metadataStub(stub),
                (before, after) -> {
                    Workload w = after == null ? before : after;
                    markWorkload(new WorkloadKey(w.namespace(), w.name(), w.kind()));
                }));
    }

    /** An informer whose store keeps views, told to {@code listener} as they change; an event reconciles every policy. */
    private <R extends HasMetadata, T> ViewStore<R, T> context(Class<R> type, EventSourceContext<StabilityPolicy> context,
                                                                Function<R, T> mapper, Function<ViewStore.Entry<T>, R> stub,
                                                                ViewStore.Listener<T> listener) {
        ViewStore<R, T> store = new ViewStore<>(mapper, stub, (before, after) -> {
            if (!java.util.Objects.equals(before, after)) { // e.g. only a Deployment's status moved: nothing to judge
                listener.changed(before, after);
            }
        });
        var config = InformerEventSourceConfiguration.from(type, StabilityPolicy.class)
                .withSecondaryToPrimaryMapper(((SecondaryToPrimaryMapper<HasMetadata>) this::everyPolicy)::toPrimaryResourceIDs)
                .withPrimaryToSecondaryMapper(NO_SECONDARIES) // no index of every object per policy: nothing reads it
                .withItemStore(store)
                .withInformerListLimit(LIST_PAGE)
                .build();
        sources.add(new InformerEventSource<>(config, context));
        return store;
    }

    private Set<ResourceID> everyPolicy(HasMetadata changed) {
        return eventSourceContext.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static HorizontalPodAutoscaler hpaStub(ViewStore.Entry<HpaView> entry) {
        HorizontalPodAutoscaler stub = new HorizontalPodAutoscaler();
        ObjectMeta meta = entry.metadata();
        if (entry.view() != null) {
            meta.setAnnotations(new LinkedHashMap<>(entry.view().annotations())); // remediation reads and patches them
        }
        stub.setMetadata(meta);
        return stub;
    }

    private void hpaChanged(HpaView before, HpaView after) {
        for (HpaView hpa : new HpaView[] {before, after}) {
            if (hpa != null && hpa.targetName() != null && hpa.targetKind() != null) {
                markWorkload(new WorkloadKey(hpa.namespace(), hpa.targetName(), hpa.targetKind()));
            }
        }
    }

    /** Marks the workloads the PDB selected before and selects after; one that starts matching later marks itself. */
    private void pdbChanged(PodDisruptionBudgetView before, PodDisruptionBudgetView after) {
        for (PodDisruptionBudgetView pdb : new PodDisruptionBudgetView[] {before, after}) {
            if (pdb != null && pdb.selector() != null) {
                workloads(workloads.keySet(), pdb.namespace()).filter(pdb::selects)
                        .forEach(w -> markWorkload(new WorkloadKey(w.namespace(), w.name(), w.kind())));
            }
        }
    }

    private void markWorkload(WorkloadKey key) {
        pending.values().forEach(p -> p.workload(key));
    }

    private void markNamespace(String namespace) {
        pending.values().forEach(p -> p.namespace(namespace));
    }

    List<EventSource<?, StabilityPolicy>> eventSources() {
        return List.copyOf(sources);
    }

    /** The changes pending for a policy, registered on first use (then everything is pending). */
    PendingChanges pending(String policy) {
        return pending.computeIfAbsent(policy, p -> new PendingChanges());
    }

    /** Stops tracking a policy's changes: it is gone or invalid, and starts from everything if it comes back. */
    void forget(String policy) {
        pending.remove(policy);
    }

    /** Asks for a policy to be reconciled, e.g. when what its status shows changed outside an evaluation. */
    void reconcile(String policy) {
        triggers.propagateEvent(new ResourceID(policy));
    }

    /**
     * Starts or drops the PeerAuthentication informer when Istio's CRD was installed or removed since the last call;
     * a switch replaces the PeerAuthentications every policy was evaluated with, so each re-evaluates everything.
     */
    void followIstio(Context<StabilityPolicy> context) {
        if (peerAuthentications.follow(context)) {
            pending.values().forEach(PendingChanges::everything);
            pending.keySet().forEach(this::reconcile);
        }
    }

    String mtlsJudgement() {
        return peerAuthentications.current().judgement();
    }

    /** The rules' context judged at {@code now}, rebuilt only when a context store changed since it was last built. */
    ClusterContext context(Instant now) {
        PeerAuthentications.Served mesh = peerAuthentications.current();
        List<Object> versions = List.of(namespaces.version(), hpas.version(), pdbs.version(),
                exceptions == null ? 0L : exceptions.version(),
                mesh.store() == null ? 0L : mesh.store(), mesh.store() == null ? 0L : mesh.store().version());
        CachedContext cached = context.get();
        if (cached == null || !cached.versions().equals(versions)) {
            // versions are read before the views: a change while building makes the next call build again
            ClusterContext built = ClusterContext.of(namespaces.views().toList(), mesh.views().toList(), hpas.views().toList())
                    .withExceptions(exceptions == null ? List.of() : exceptions.views().toList(), now)
                    .withPodDisruptionBudgets(pdbs.views().toList())
                    .withPods(pods.statuses()); // live: a Pod change needs no rebuild
            cached = new CachedContext(versions, built);
            context.set(cached);
        }
        return cached.context().at(now);
    }

    /** The workload's view; null when it is gone or unreadable. */
    Workload workload(WorkloadKey key) {
        ViewStore<? extends HasMetadata, Workload> store = workloads.get(key.kind());
        return store == null ? null : store.view(key.namespace(), key.name());
    }

    /** Every workload of these kinds. */
    Stream<Workload> workloads(Set<String> kinds) {
        return kinds.stream().map(workloads::get).filter(java.util.Objects::nonNull).flatMap(ViewStore::views);
    }

    /** The workloads of these kinds in one namespace. */
    Stream<Workload> workloads(Set<String> kinds, String namespace) {
        return kinds.stream().map(workloads::get).filter(java.util.Objects::nonNull).flatMap(s -> s.views(namespace));
    }

    /** The metadata HPA remediation patches against (annotations and resourceVersion); null when the HPA is gone. */
    ObjectMeta hpaMetadata(String namespace, String name) {
        ViewStore.Entry<HpaView> entry = hpas.entry(namespace, name);
        return entry == null ? null : hpaStub(entry).getMetadata();
    }

    private static JsonNode tree(HasMetadata object) {
        return Serialization.jsonMapper().valueToTree(object);
    }

    private static SourceRef uid(HasMetadata object) {
        return SourceRef.uid(object.getMetadata().getUid());
    }
}
