package dev.ballast.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One file's text with its documents composed as YAML nodes that keep their positions (JSON is read as YAML flow
 * style), plus each document's value as a JSON tree. Empty documents are skipped, as {@code ballast audit} does, so
 * document indexes match the objects audit reads.
 */
final class SourceText {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_NODES = 1_000_000;
    final String text;
    final boolean json;
    final String newline;
    final List<Node> roots;
    final List<JsonNode> trees;
    private final int[] charOfCodePoint; // null when every character is in the BMP (the index is the char offset)
    private int nodes;

    SourceText(String text, boolean json) {
        this.text = text;
        this.json = json;
        this.newline = text.contains("\r\n") ? "\r\n" : "\n";
        this.charOfCodePoint = text.codePointCount(0, text.length()) == text.length() ? null : codePointOffsets(text);
        List<Node> composed = new ArrayList<>();
        try {
            // JSON may indent with tabs, which YAML forbids; in valid JSON a raw tab is only whitespace, and a space
            // in its place keeps every offset
            String readable = json ? text.replace('\t', ' ') : text;
            for (Node root : new Yaml(loaderOptions()).composeAll(new StringReader(readable))) {
                if (root != null && !(root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    composed.add(root);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new PatchException("line " + (mark == null ? 0 : mark.getLine() + 1) + ": not valid YAML/JSON: "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new PatchException("not valid YAML/JSON: " + e.getMessage());
        }
        this.roots = List.copyOf(composed);
        List<JsonNode> values = new ArrayList<>();
        for (Node root : roots) {
            values.add(toJson(root, Collections.newSetFromMap(new IdentityHashMap<>())));
        }
        this.trees = List.copyOf(values);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(110);
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(100);
        return options;
    }

    /** The char offset in {@link #text} of a mark (SnakeYAML counts code points). */
    int offset(Mark mark) {
        return charOfCodePoint == null ? mark.getIndex() : charOfCodePoint[mark.getIndex()];
    }

    /** The 1-based line of a node, for messages. */
    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static int[] codePointOffsets(String text) {
        int[] offsets = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            offsets[cp++] = i;
        }
        offsets[cp] = text.length();
        return offsets;
    }

    /** A node's value as JSON: YAML 1.1 scalars resolved by tag, {@code <<} merge keys applied (explicit keys win). */
    JsonNode toJson(Node node, Set<Node> open) {
        if (++nodes > MAX_NODES) {
            throw new PatchException("line " + line(node) + ": document has more than " + MAX_NODES + " values");
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        if (!open.add(node)) {
            throw new PatchException("line " + line(node) + ": an alias refers to a node that contains it");
        }
        try {
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = JSON.arrayNode();
                sequence.getValue().forEach(item -> array.add(toJson(item, open)));
                return array;
            }
            MappingNode mapping = (MappingNode) node;
            ObjectNode object = JSON.objectNode();
            List<JsonNode> merged = new ArrayList<>();
            for (NodeTuple entry : mapping.getValue()) {
                if (isMergeKey(entry.getKeyNode())) {
                    JsonNode value = toJson(entry.getValueNode(), open);
                    if (value.isArray()) {
                        value.forEach(merged::add);
                    } else {
                        merged.add(value);
                    }
                } else {
                    object.set(key(entry.getKeyNode()), toJson(entry.getValueNode(), open));
                }
            }
            for (JsonNode source : merged) {
                source.fields().forEachRemaining(f -> {
                    if (!object.has(f.getKey())) {
                        object.set(f.getKey(), f.getValue());
                    }
                });
            }
            return object;
        } finally {
            open.remove(node);
        }
    }

    static boolean isMergeKey(Node key) {
        return key instanceof ScalarNode s && (s.getTag().equals(Tag.MERGE) || "<<".equals(s.getValue())
                && s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
    }

    static String key(Node key) {
        if (key instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new PatchException("line " + line(key) + ": a mapping key that is not a scalar is not supported");
    }

    static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(value.matches("(?i)true|yes|on|y"));
        }
        try {
            if (tag.equals(Tag.INT)) {
                return integer(value.replace("_", ""));
            }
            if (tag.equals(Tag.FLOAT)) {
                String v = value.replace("_", "");
                if (v.matches("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)")) {
                    return JSON.textNode(value); // JSON has no infinity or NaN
                }
                return JSON.numberNode(new BigDecimal(v.startsWith("+") ? v.substring(1) : v));
            }
        } catch (NumberFormatException e) {
            return JSON.textNode(value); // sexagesimal and other YAML 1.1 oddities stay text
        }
        return JSON.textNode(value);
    }

    private static JsonNode integer(String v) {
        boolean negative = v.startsWith("-");
        String digits = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
        BigInteger n;
        if (digits.startsWith("0x")) {
            n = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0b")) {
            n = new BigInteger(digits.substring(2), 2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            n = new BigInteger(digits.substring(1), 8);
        } else {
            n = new BigInteger(digits);
        }
        n = negative ? n.negate() : n;
        return n.bitLength() < 32 ? JSON.numberNode(n.intValue())
                : n.bitLength() < 64 ? JSON.numberNode(n.longValue()) : JSON.numberNode(n);
    }
}
