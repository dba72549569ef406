package dev.ballast.yaml;

import java.util.List;

/** Field paths as the CLI's messages and line maps name them: {@code spec.containers[0].name}. */
public final class FieldPath {
    private FieldPath() {
    }

    /** The path of keys (strings) and list indexes (integers) from a document's root. */
    public static String of(List<Object> steps) {
        StringBuilder path = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(step);
            }
        }
        return path.toString();
    }
}
