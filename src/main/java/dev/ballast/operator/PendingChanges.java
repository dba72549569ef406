package dev.ballast.operator;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What changed since a policy was last evaluated: workloads, namespaces whose workloads are all affected (a
 * Namespace, PeerAuthentication or StabilityException changed there), or everything. Informer threads mark, the
 * policy's reconcile drains. A store is updated before its change is marked, and a mark is drained before the
 * store is read, so a change is either seen by the running evaluation or left marked for the next one (which its
 * informer event triggers): never lost. A new policy starts with everything marked.
 */
final class PendingChanges {
    private final Set<WorkloadKey> workloads = ConcurrentHashMap.newKeySet();
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean everything = new AtomicBoolean(true);

    /** What one evaluation takes on. */
    record Batch(boolean everything, Set<WorkloadKey> workloads, Set<String> namespaces) {
    }

    void workload(WorkloadKey key) {
        workloads.add(key);
    }

    void namespace(String namespace) {
        namespaces.add(namespace);
    }

    void everything() {
        everything.set(true);
    }

    Batch drain() {
        boolean all = everything.getAndSet(false);
        return new Batch(all, take(workloads), take(namespaces));
    }

    private static <T> Set<T> take(Set<T> marked) {
        Set<T> taken = new HashSet<>();
        for (Iterator<T> it = marked.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }
}
