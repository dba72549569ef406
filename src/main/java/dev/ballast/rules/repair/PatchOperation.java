package dev.ballast.rules.repair;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One RFC 6902 JSON Patch operation of the kinds a repair needs: {@code add} a missing key, object or array element
 * ({@code /-} appends), or {@code replace} a value. {@code path} is a JSON Pointer from the object's root;
 * {@code value} is a plain tree: {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link Number},
 * {@link Boolean} or null.
 */
public record PatchOperation(Op op, String path, Object value) {
    public enum Op {
        ADD("add"), REPLACE("replace");

        private final String wire;

        Op(String wire) {
            this.wire = wire;
        }

        /** The operation's name in a JSON Patch document. */
        public String wire() {
            return wire;
        }
    }

    public PatchOperation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("JSON Pointer must start with '/': " + path);
        }
    }

    public static PatchOperation add(String path, Object value) {
        return new PatchOperation(Op.ADD, path, value);
    }

    public static PatchOperation replace(String path, Object value) {
        return new PatchOperation(Op.REPLACE, path, value);
    }

    /** Escapes one path segment for a JSON Pointer ({@code ~} and {@code /}). */
    public static String segment(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** This operation with {@code prefix} (a JSON Pointer) in front of its path, e.g. to address a List item. */
    public PatchOperation under(String prefix) {
        return new PatchOperation(op, prefix + path, value);
    }
}
