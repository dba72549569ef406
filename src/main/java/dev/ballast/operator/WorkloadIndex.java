package dev.ballast.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.mapping.ManifestException;
import dev.ballast.api.mapping.WorkloadMapper;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Engine views of live workloads, mapped once per resourceVersion and shared by every policy's reconciliation
 * (a concurrent map: reconcilers of different policies run on different threads).
 */
final class WorkloadIndex {
    private record Entry(String resourceVersion, Workload workload) {
    }

    private final ConcurrentMap<String, Entry> byUid = new ConcurrentHashMap<>();

    Optional<Workload> view(HasMetadata object) {
        String uid = object.getMetadata().getUid();
        String rv = object.getMetadata().getResourceVersion();
        Entry cached = byUid.get(uid);
        if (cached != null && cached.resourceVersion().equals(rv)) {
            return Optional.of(cached.workload());
        }
        try {
            JsonNode tree = Serialization.jsonMapper().valueToTree(object);
            Workload workload = WorkloadMapper.map(tree, SourceRef.uid(uid));
            byUid.put(uid, new Entry(rv, workload));
            return Optional.of(workload);
        } catch (ManifestException e) {
            return Optional.empty(); // the API server validated it; an unmappable object is skipped, not fatal
        }
    }

    void forget(java.util.Set<String> liveUids) {
        if (byUid.size() > liveUids.size()) {
            byUid.keySet().retainAll(liveUids);
        }
    }
}
