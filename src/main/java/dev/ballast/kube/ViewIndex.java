package dev.ballast.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Engine views of live objects, mapped once per resourceVersion and shared by every thread that reads them
 * (operator reconcilers, webhook requests), so an informer cache is never re-mapped wholesale.
 */
public final class ViewIndex<T> {
    private static final Logger LOG = Logger.getLogger(ViewIndex.class);

    private record Entry<T>(String resourceVersion, T view) {
    }

    private final ConcurrentMap<String, Entry<T>> byUid = new ConcurrentHashMap<>();
    private final Function<JsonNode, T> mapper;

    public ViewIndex(Function<JsonNode, T> mapper) {
        this.mapper = mapper;
    }

    public Optional<T> view(HasMetadata object) {
        String uid = object.getMetadata().getUid();
        String rv = object.getMetadata().getResourceVersion();
        Entry<T> cached = byUid.get(uid);
        if (cached != null && cached.resourceVersion().equals(rv)) {
            return Optional.of(cached.view());
        }
        try {
            T view = mapper.apply(Serialization.jsonMapper().valueToTree(object));
            byUid.put(uid, new Entry<>(rv, view));
            return Optional.of(view);
        } catch (ManifestException e) {
            // the API server validated it; an object the engine cannot read is skipped, not fatal
            LOG.debugf("skipping %s %s/%s: %s", object.getKind(), object.getMetadata().getNamespace(),
                    object.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Views of every object, dropping those of objects no longer listed. */
    public List<T> views(Collection<? extends HasMetadata> objects) {
        List<T> result = new ArrayList<>(objects.size());
        Set<String> live = new HashSet<>();
        for (HasMetadata o : objects) {
            live.add(o.getMetadata().getUid());
            view(o).ifPresent(result::add);
        }
        retain(live);
        return result;
    }

    /** Drops views of objects that are gone. */
    public void retain(Set<String> liveUids) {
        if (byUid.size() > liveUids.size()) {
            byUid.keySet().retainAll(liveUids);
        }
    }
}
