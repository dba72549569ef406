package dev.ballast.operator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Shares equal finding texts between the results kept per workload: most are the same few sentences ("container
 * \"app\" has no readinessProbe") repeated over thousands of workloads and every policy. Bounded: past its capacity
 * a text is kept as it is.
 */
final class StringPool {
    private final ConcurrentMap<String, String> pool = new ConcurrentHashMap<>();
    private final int capacity;

    StringPool(int capacity) {
        this.capacity = capacity;
    }

    String share(String text) {
        if (text == null) {
            return null;
        }
        String shared = pool.get(text);
        if (shared != null) {
            return shared;
        }
        if (pool.size() >= capacity) {
            return text;
        }
        shared = pool.putIfAbsent(text, text);
        return shared == null ? text : shared;
    }
}
