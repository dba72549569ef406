package dev.ballast.operator;

import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PrunedItemStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * An informer store that keeps, per object, only the engine's view of it and the identity the informer needs
 * (name, namespace, uid, resourceVersion): the whole object is mapped once when it arrives and then dropped. What the
 * informer reads back ({@link #get}, {@link #values}) is a stub carrying that identity, built on demand.
 * Each change is reported to a {@link Listener} with the view before and after, so the reconciler learns what
 * changed without re-reading the cache. Puts and removes come from the informer's one thread; reads from any.
 */
final class ViewStore<V extends HasMetadata, T> implements ItemStore<V> {
    private static final Logger LOG = Logger.getLogger(ViewStore.class);

    /** What is kept per object; {@code view} is null when the engine cannot read the object (it is skipped). */
    record Entry<T>(String namespace, String name, String uid, String resourceVersion, T view) {
        ObjectMeta metadata() {
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            meta.setNamespace(namespace);
            meta.setUid(uid);
            meta.setResourceVersion(resourceVersion);
            return meta;
        }
    }

    /** Told of each change: the view before (null: new or unreadable) and after (null: deleted or unreadable). */
    interface Listener<T> {
        void changed(T before, T after);
    }

    private final ConcurrentSkipListMap<String, Entry<T>> byKey = new ConcurrentSkipListMap<>();
    private final Function<V, T> mapper;
    private final Function<Entry<T>, V> stub;
    private final Listener<T> listener;
    private final AtomicLong version = new AtomicLong();

    /**
     * @param mapper the engine view of a (pruned) object; may throw {@link ManifestException}
     * @param stub   what the informer reads back for an entry: a new object carrying at least the entry's metadata
     */
    ViewStore(Function<V, T> mapper, Function<Entry<T>, V> stub, Listener<T> listener) {
        this.mapper = mapper;
        this.stub = stub;
        this.listener = listener;
    }

    /** A stub made by {@code type} holding only the entry's metadata. */
    static <V extends HasMetadata, T> Function<Entry<T>, V> metadataStub(java.util.function.Supplier<V> type) {
        return entry -> {
            V s = type.get();
            s.setMetadata(entry.metadata());
            return s;
        };
    }

    @Override
    public String getKey(V obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public V put(String key, V obj) {
        Entry<T> old = byKey.get(key);
        String rv = obj.getMetadata().getResourceVersion();
        if (old != null && Objects.equals(old.resourceVersion(), rv)) {
            return stubOf(old); // a relist or resync repeating what is known: nothing changed
        }
        PrunedItemStore.prune(obj);
        Entry<T> now = new Entry<>(obj.getMetadata().getNamespace(), obj.getMetadata().getName(),
                obj.getMetadata().getUid(), rv, view(obj));
        byKey.put(key, now);
        version.incrementAndGet();
        listener.changed(old == null ? null : old.view(), now.view());
        return old == null ? null : stubOf(old);
    }

    private T view(V obj) {
        try {
            return mapper.apply(obj);
        } catch (ManifestException e) {
            // the API server validated it; an object the engine cannot read is skipped, not fatal
            LOG.debugf("skipping %s %s/%s: %s", obj.getKind(), obj.getMetadata().getNamespace(),
                    obj.getMetadata().getName(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "skipping %s %s/%s: it could not be read", obj.getKind(), obj.getMetadata().getNamespace(),
                    obj.getMetadata().getName());
        }
        return null;
    }

    @Override
    public V remove(String key) {
        Entry<T> old = byKey.remove(key);
        if (old == null) {
            return null;
        }
        version.incrementAndGet();
        listener.changed(old.view(), null);
        return stubOf(old);
    }

    private V stubOf(Entry<T> entry) {
        return stub.apply(entry);
    }

    @Override
    public Stream<String> keySet() {
        return byKey.keySet().stream();
    }

    @Override
    public Stream<V> values() {
        return byKey.values().stream().map(this::stubOf);
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public V get(String key) {
        Entry<T> entry = byKey.get(key);
        return entry == null ? null : stubOf(entry);
    }

    @Override
    public boolean isFullState() {
        return true; // every object the informer listed has an entry
    }

    /** The view of the object {@code namespace/name} (or {@code name} when cluster-scoped); null when unknown or unreadable. */
    T view(String namespace, String name) {
        Entry<T> entry = byKey.get(namespace == null ? name : namespace + "/" + name);
        return entry == null ? null : entry.view();
    }

    /** The readable views of every object. */
    Stream<T> views() {
        return byKey.values().stream().map(Entry::view).filter(Objects::nonNull);
    }

    /** The readable views of the objects in one namespace. */
    Stream<T> views(String namespace) {
        // keys are "namespace/name": '0' follows '/', so this range holds exactly that namespace's keys
        ConcurrentNavigableMap<String, Entry<T>> range = byKey.subMap(namespace + "/", namespace + "0");
        return range.values().stream().map(Entry::view).filter(Objects::nonNull);
    }

    /** The entry of {@code namespace/name}, for its resourceVersion; null when unknown. */
    Entry<T> entry(String namespace, String name) {
        return byKey.get(namespace == null ? name : namespace + "/" + name);
    }

    /** Grows with every change, so a cache built from these views knows when it is stale. */
    long version() {
        return version.get();
    }
}
