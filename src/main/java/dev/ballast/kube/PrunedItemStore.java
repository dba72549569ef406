package dev.ballast.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Consumer;

/**
 * An informer store that drops what Ballast never reads before caching an object: managedFields, the
 * last-applied annotation, and whatever the given pruner removes (e.g. a CRD's schemas). For the objects the engine
 * reads the operator's ViewStore keeps only the engine's view instead; the webhook's informers keep pruned objects.
 */
public final class PrunedItemStore<V extends HasMetadata> extends BasicItemStore<V> {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private final Consumer<V> pruner;

    /** Drops managedFields and the last-applied annotation only. */
    public PrunedItemStore() {
        this(ignored -> { });
    }

    public PrunedItemStore(Consumer<V> pruner) {
        super(Cache::metaNamespaceKeyFunc);
        this.pruner = pruner;
    }

    @Override
    public V put(String key, V obj) {
        prune(obj);
        pruner.accept(obj);
        return super.put(key, obj);
    }

    /** Drops managedFields and the last-applied copy of the whole object: never read, often most of its size. */
    public static <V extends HasMetadata> void prune(V obj) {
        obj.getMetadata().setManagedFields(null);
        if (obj.getMetadata().getAnnotations() != null) {
            obj.getMetadata().getAnnotations().remove(LAST_APPLIED);
        }
    }
}
