package dev.ballast.operator;

import dev.ballast.kube.PodViewMapper;
import dev.ballast.rules.engine.PodStatuses;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.LabelSelector;
import dev.ballast.rules.runtime.PodOwnership;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A Pod informer store that keeps, per Pod, only the {@link PodView} the runtime rules read (plus UID and
 * resourceVersion), indexed by the workload that owns it, so 100k Pods cost a few tens of MB instead of the Pods
 * themselves. Reads hand out skeleton Pods (metadata only: name, namespace, UID, resourceVersion, labels, the
 * controller reference), which is why {@link #isFullState()} is false.
 * The informer thread writes; reconcilers read concurrently: both maps are concurrent, and a reader may see a Pod
 * a moment before or after its index entry moves, which the next event's evaluation corrects.
 * A listener is told only of changes the runtime rules can see: the view moved, and the Pod has (or had) a container
 * that restarted, waits or terminated. A Pod turning ready, or a healthy Pod coming or going, tells nothing.
 */
public final class PodStatusStore implements ItemStore<Pod> {
    private record Entry(String uid, String resourceVersion, PodView view) {
    }

    private final ConcurrentMap<String, Entry> byKey = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> byWorkload = new ConcurrentHashMap<>();
    private final BiFunction<String, String, OwnerRef> replicaSetOwners;
    private final ViewStore.Listener<PodView> listener;

    /** {@code replicaSetOwners}: (namespace, ReplicaSet name) to its controller, null when unknown. */
    public PodStatusStore(BiFunction<String, String, OwnerRef> replicaSetOwners) {
        this(replicaSetOwners, (before, after) -> { });
    }

    /** As above, telling {@code listener} (on the informer's thread, after the store has it) what the rules can see. */
    PodStatusStore(BiFunction<String, String, OwnerRef> replicaSetOwners, ViewStore.Listener<PodView> listener) {
        this.replicaSetOwners = replicaSetOwners;
        this.listener = listener;
    }

    /**
     * What the evaluator reads Pods through: {@code ClusterContext.withPods(store.statuses())} turns on the Pod-status
     * rules, matching each workload by kind, namespace, name, UID and {@link Workload#podSelector()}.
     */
    public PodStatuses statuses() {
        return w -> pods(w.kind(), w.namespace(), w.name(), w.source() == null ? null : w.source().uid(),
                w.podSelector());
    }

    /** The Pods of a workload: owned by {@code kind namespace/name} (UID null when unknown) and selected by it. */
    public List<PodView> pods(String kind, String namespace, String name, String uid, LabelSelector selector) {
        Set<String> keys = byWorkload.get(workloadKey(namespace, kind, name));
        if (keys == null) {
            return List.of();
        }
        List<PodView> pods = new ArrayList<>(keys.size());
        for (String key : keys) {
            Entry e = byKey.get(key);
            if (e != null && PodOwnership.belongsTo(e.view(), kind, namespace, name, uid, selector)) {
                pods.add(e.view());
            }
        }
        return pods;
    }

    @Override
    public String getKey(Pod pod) {
        return Cache.metaNamespaceKeyFunc(pod);
    }

    @Override
    public Pod put(String key, Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        Entry known = byKey.get(key);
        if (known != null && meta.getResourceVersion() != null
                && meta.getResourceVersion().equals(known.resourceVersion())) {
            return skeleton(known); // a relist or resync repeating what is known: nothing to map again
        }
        PodView view = PodViewMapper.map(pod, rs -> replicaSetOwners.apply(meta.getNamespace(), rs));
        Entry previous = byKey.put(key, new Entry(meta.getUid(), meta.getResourceVersion(), view));
        String before = previous == null ? null : workloadKey(previous.view());
        String after = workloadKey(view);
        if (before != null && !before.equals(after)) {
            unindex(before, key);
        }
        if (after != null) {
            byWorkload.computeIfAbsent(after, k -> ConcurrentHashMap.newKeySet()).add(key);
        }
        tell(previous == null ? null : previous.view(), view);
        return skeleton(previous);
    }

    @Override
    public Pod remove(String key) {
        Entry previous = byKey.remove(key);
        if (previous != null) {
            String workload = workloadKey(previous.view());
            if (workload != null) {
                unindex(workload, key);
            }
            tell(previous.view(), null);
        }
        return skeleton(previous);
    }

    private void tell(PodView before, PodView after) {
        boolean visible = before != null && !before.containers().isEmpty() || after != null && !after.containers().isEmpty();
        if (visible && !Objects.equals(before, after)) {
            listener.changed(before, after);
        }
    }

    private void unindex(String workload, String key) {
        byWorkload.computeIfPresent(workload, (k, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }

    @Override
    public Stream<String> keySet() {
        return byKey.keySet().stream();
    }

    @Override
    public Stream<Pod> values() {
        return byKey.values().stream().map(PodStatusStore::skeleton);
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public Pod get(String key) {
        return skeleton(byKey.get(key));
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    private static String workloadKey(PodView view) {
        return PodOwnership.workloadOf(view).map(o -> workloadKey(view.namespace(), o.kind(), o.name())).orElse(null);
    }

    private static String workloadKey(String namespace, String kind, String name) {
        return namespace + '/' + kind + '/' + name;
    }

    private static Pod skeleton(Entry entry) {
        if (entry == null) {
            return null;
        }
        PodView view = entry.view();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(view.name());
        meta.setNamespace(view.namespace());
        meta.setUid(entry.uid());
        meta.setResourceVersion(entry.resourceVersion());
        meta.setLabels(view.labels());
        OwnerRef controller = view.controller();
        if (controller != null) {
            OwnerReference ref = new OwnerReference();
            ref.setKind(controller.kind());
            ref.setName(controller.name());
            ref.setUid(controller.uid());
            ref.setController(true);
            meta.setOwnerReferences(List.of(ref));
        }
        Pod pod = new Pod();
        pod.setMetadata(meta);
        return pod;
    }
}
