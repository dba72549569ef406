package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One object read from an input file, with where it starts; {@code lines} maps field paths
 * ({@code spec.rules.probes}, {@code spec.exemptions[0]}) to their line when the reader was asked to record them.
 */
record Document(JsonNode object, String file, int line, Map<String, Integer> lines) {
    Document(JsonNode object, String file, int line) {
        this(object, file, line, Map.of());
    }

    String kind() {
        JsonNode k = object.get("kind");
        return k == null ? "" : k.asText();
    }

    /** Whether this is a {@code kind: List} (or another {@code ...List} with items) whose items are the objects. */
    boolean isList() {
        return "List".equals(kind()) || kind().endsWith("List") && object.has("items");
    }

    /** The line of a field path, or of its nearest recorded parent, or where the document starts. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return line;
    }
}
