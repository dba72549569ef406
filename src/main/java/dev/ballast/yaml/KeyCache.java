package dev.ballast.yaml;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance per distinct mapping key of a file, interned: the mappers' lookups by literal then match by identity.
 * Confined to the thread reading one file.
 */
public final class KeyCache {
    /** A hostile file with endless distinct keys gets no cache, not an endless one. */
    private static final int MAX_KEYS = 4096;
    private final Map<String, String> keys = new HashMap<>();

    public String canonical(String key) {
        String known = keys.get(key);
        if (known == null) {
            if (keys.size() >= MAX_KEYS) {
                return key;
            }
            known = key.intern();
            keys.put(known, known);
        }
        return known;
    }
}
