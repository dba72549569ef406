package dev.ballast.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Consumer;

/**
 * An informer store that drops what the rules never read before caching an object: managedFields, and whatever
 * the given pruner removes (e.g. status, the last-applied annotation). At 10,000 Deployments this is most of the
 * operator's heap.
 */
final class PrunedItemStore<V extends HasMetadata> extends BasicItemStore<V> {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private final Consumer<V> pruner;

    PrunedItemStore(Consumer<V> pruner) {
        super(Cache::metaNamespaceKeyFunc);
        this.pruner = pruner;
    }

    @Override
    public V put(String key, V obj) {
        obj.getMetadata().setManagedFields(null);
        pruner.accept(obj);
        return super.put(key, obj);
    }

    /** For workloads: status and the last-applied copy of the whole object are never read. */
    static <V extends HasMetadata> void dropLastApplied(V obj) {
        if (obj.getMetadata().getAnnotations() != null) {
            obj.getMetadata().getAnnotations().remove(LAST_APPLIED);
        }
    }
}
