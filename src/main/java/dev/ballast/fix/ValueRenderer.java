package dev.ballast.fix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes new values as text in the file's own manner: block YAML indented by the file's step (sequences indented
 * like the file's first one), inline flow YAML, or JSON (pretty when the surrounding object spans lines). Strings
 * stay plain only when YAML 1.1 would read them back as the same string.
 */
final class ValueRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Resolver RESOLVER = new Resolver();
    private final boolean json;
    private final int step;
    private final int sequenceIndent;
    private final String newline;

    ValueRenderer(boolean json, int step, int sequenceIndent, String newline) {
        this.json = json;
        this.step = step;
        this.sequenceIndent = sequenceIndent;
        this.newline = newline;
    }

    int step() {
        return step;
    }

    int sequenceIndent() {
        return sequenceIndent;
    }

    /** A new scalar in place of one written in {@code style}: a string keeps the original quoting where it can. */
    String scalarLike(JsonNode value, ScalarStyle style, boolean flow) {
        if (!json && value.isTextual()) {
            if (style == ScalarStyle.SINGLE_QUOTED) {
                String s = value.textValue();
                if (s.chars().noneMatch(c -> c < 0x20)) {
                    return "'" + s.replace("'", "''") + "'";
                }
            } else if (style == ScalarStyle.DOUBLE_QUOTED) {
                return quoted(value.textValue());
            }
        }
        return scalar(value, flow);
    }

    String scalar(JsonNode value, boolean flow) {
        if (value.isTextual()) {
            return json || !plain(value.textValue(), flow) ? quoted(value.textValue()) : value.textValue();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString();
        }
        return value.isNull() ? "null" : value.asText();
    }

    String key(String key) {
        return json || !plain(key, true) ? quoted(key) : key;
    }

    /** On one line: {@code {a: b, c: [d]}} or compact JSON. */
    String flow(JsonNode value) {
        if (value.isObject()) {
            StringBuilder b = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(key(e.getKey())).append(": ").append(flow(e.getValue()));
                b.append(it.hasNext() ? ", " : "");
            }
            return b.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                b.append(i > 0 ? ", " : "").append(flow(value.get(i)));
            }
            return b.append(']').toString();
        }
        return scalar(value, true);
    }

    /** JSON over several lines; the first line is not indented, nested lines start at {@code indent + step}. */
    String prettyJson(JsonNode value, int indent) {
        if (!value.isContainerNode() || value.isEmpty()) {
            return flow(value);
        }
        boolean object = value.isObject();
        StringBuilder b = new StringBuilder(object ? "{" : "[");
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        for (int i = 0; i < value.size(); i++) {
            b.append(i > 0 ? "," : "").append(newline).append(" ".repeat(indent + step));
            if (object) {
                Map.Entry<String, JsonNode> e = fields.next();
                b.append(key(e.getKey())).append(": ").append(prettyJson(e.getValue(), indent + step));
            } else {
                b.append(prettyJson(value.get(i), indent + step));
            }
        }
        return b.append(newline).append(" ".repeat(indent)).append(object ? '}' : ']').toString();
    }

    /** {@code key: value} lines of a block mapping at {@code indent}, each ending in a newline. */
    void blockEntry(StringBuilder out, String key, JsonNode value, int indent) {
        out.append(" ".repeat(indent)).append(key(key)).append(':');
        if (value.isContainerNode() && !value.isEmpty()) {
            out.append(newline);
            blockChildren(out, value, indent);
        } else {
            out.append(' ').append(flow(value)).append(newline);
        }
    }

    /** The entries or items of a non-empty container that is the value of a key at {@code keyIndent}. */
    void blockChildren(StringBuilder out, JsonNode value, int keyIndent) {
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> blockEntry(out, e.getKey(), e.getValue(), keyIndent + step));
        } else {
            value.forEach(item -> blockItem(out, item, keyIndent + sequenceIndent));
        }
    }

    /** {@code - item} at {@code indent}; a mapping item starts on the dash's line. */
    void blockItem(StringBuilder out, JsonNode value, int indent) {
        if (value.isObject() && !value.isEmpty()) {
            StringBuilder item = new StringBuilder();
            value.fields().forEachRemaining(e -> blockEntry(item, e.getKey(), e.getValue(), indent + 2));
            out.append(" ".repeat(indent)).append("- ").append(item, indent + 2, item.length());
        } else {
            out.append(" ".repeat(indent)).append("- ").append(flow(value)).append(newline);
        }
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plain only when conservative: no indicators, no spaces, and read back as a string. */
    private static boolean plain(String s, boolean flow) {
        return s.matches("[A-Za-z0-9_./][A-Za-z0-9_./=+@-]*") && (!flow || s.chars().noneMatch(c -> ",[]{}".indexOf(c) >= 0))
                && RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR);
    }
}
