package dev.ballast.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Locale;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Plain scalars typed as SnakeYAML's YAML 1.1 resolver and Jackson's YAMLParser type them (the path
 * {@code ballast audit} took before {@link CommonYamlReader}): its patterns decide the type, Jackson's rules the
 * node. Forms whose node is not certain here (octal, hex, underscores, exponents, merge keys) are {@link Unsupported}.
 */
final class PlainScalars {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlainScalars() {
    }

    /** The plain scalar {@code s[start..end)} as a node. */
    static JsonNode node(char[] s, int start, int end) {
        int length = end - start;
        char c = s[start];
        switch (c) {
            case '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                String v = new String(s, start, length);
                JsonNode integer = integer(v);
                if (integer != null) { // the resolver's INT pattern matches every plain decimal integer
                    return integer;
                }
                if (Resolver.INT.matcher(v).matches()) {
                    throw new Unsupported("integer form");
                }
                if (Resolver.FLOAT.matcher(v).matches()) {
                    return decimal(v);
                }
                return NODES.textNode(v);
            }
            case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O' -> {
                if (length <= 5) {
                    String v = new String(s, start, length);
                    if (Resolver.BOOL.matcher(v).matches()) {
                        return NODES.booleanNode(switch (v.toLowerCase(Locale.ROOT)) {
                            case "yes", "true", "on" -> true;
                            default -> false;
                        });
                    }
                    if ((c == 'n' || c == 'N') && Resolver.NULL.matcher(v).matches()) {
                        return NODES.nullNode();
                    }
                    return NODES.textNode(v);
                }
            }
            case '~' -> {
                if (length == 1) {
                    return NODES.nullNode();
                }
            }
            case '<' -> {
                if (length == 2 && s[start + 1] == '<') {
                    throw new Unsupported("merge key");
                }
            }
            default -> {
            }
        }
        return NODES.textNode(new String(s, start, length));
    }

    /**
     * A plain decimal integer ({@code -?(0|[1-9][0-9]*)}, at most 18 digits) as Jackson's YAMLParser types it: an int
     * when it fits, else a long; null for anything else, which the resolver's patterns then decide.
     */
    private static JsonNode integer(String v) {
        int length = v.length();
        int first = v.charAt(0) == '-' ? 1 : 0;
        if (length == first || length - first > 18 || v.charAt(first) == '0' && length > first + 1) {
            return null;
        }
        for (int i = first; i < length; i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return null;
            }
        }
        long value = Long.parseLong(v);
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    /** A plain decimal fraction ({@code 1.5}, {@code -0.25}) as a double, as Jackson's YAMLParser types it; other float forms go to SnakeYAML. */
    private static JsonNode decimal(String v) {
        int first = v.charAt(0) == '-' ? 1 : 0;
        int dot = v.indexOf('.');
        if (dot <= first || dot == v.length() - 1 || v.length() > 20 || v.charAt(first) == '0' && dot > first + 1) {
            throw new Unsupported("float form");
        }
        for (int i = first; i < v.length(); i++) {
            if (i != dot && (v.charAt(i) < '0' || v.charAt(i) > '9')) {
                throw new Unsupported("float form");
            }
        }
        return NODES.numberNode(Double.parseDouble(v));
    }
}
