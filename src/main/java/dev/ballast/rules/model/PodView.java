package dev.ballast.rules.model;

import java.util.List;
import java.util.Map;

/**
 * A Pod as the runtime rules need it, small enough to keep 100k of them in memory: namespace, name, labels, its
 * controller chain from the Pod outwards (e.g. ReplicaSet {@code web-5d9c7}, then Deployment {@code web}) and the
 * statuses of containers that restarted, wait or terminated (healthy containers are left out). Strings read from
 * the status are bounded, so a hostile status cannot grow the cache.
 */
public record PodView(String namespace, String name, List<OwnerRef> owners, Map<String, String> labels,
                      List<ContainerStatusView> containers) {
    static final int MAX_NAME_CHARS = 253;
    static final int MAX_REASON_CHARS = 128;

    public PodView {
        owners = List.copyOf(owners);
        labels = Map.copyOf(labels);
        containers = containers.stream().filter(c -> !c.healthy()).toList();
    }

    /** The Pod's direct controller, or null for a bare Pod. */
    public OwnerRef controller() {
        return owners.isEmpty() ? null : owners.get(0);
    }

    static String bounded(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
