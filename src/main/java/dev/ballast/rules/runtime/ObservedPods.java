package dev.ballast.rules.runtime;

import dev.ballast.rules.engine.PodStatuses;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed set of observed Pods, indexed by the workload that owns them ({@link PodOwnership#workloadOf}): what
 * {@code ballast report} reads from a live cluster in one pass. Immutable once built, so any thread may read it.
 */
public final class ObservedPods implements PodStatuses {
    private record Owner(String namespace, String kind, String name) {
    }

    private final Map<Owner, List<PodView>> byOwner;

    private ObservedPods(Map<Owner, List<PodView>> byOwner) {
        this.byOwner = byOwner;
    }

    /** These Pods; one that belongs to no workload (a bare Pod, a Job's) is left out. */
    public static ObservedPods of(Collection<PodView> pods) {
        Map<Owner, List<PodView>> byOwner = new HashMap<>();
        for (PodView pod : pods) {
            PodOwnership.workloadOf(pod).ifPresent(o -> byOwner.computeIfAbsent(owner(pod.namespace(), o), k -> new ArrayList<>())
                    .add(pod));
        }
        Map<Owner, List<PodView>> frozen = new HashMap<>();
        byOwner.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new ObservedPods(Map.copyOf(frozen));
    }

    private static Owner owner(String namespace, OwnerRef ref) {
        return new Owner(namespace, ref.kind(), ref.name());
    }

    @Override
    public List<PodView> of(Workload workload) {
        String uid = workload.source() == null ? null : workload.source().uid();
        return byOwner.getOrDefault(new Owner(workload.namespace(), workload.kind(), workload.name()), List.of()).stream()
                .filter(p -> PodOwnership.belongsTo(p, workload.kind(), workload.namespace(), workload.name(), uid,
                        workload.podSelector()))
                .toList();
    }
}
