package dev.ballast.fix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns the difference between a document's nodes and the wanted tree into text edits that touch only what
 * changed: a changed scalar is rewritten in its own quoting; new keys go after the last entry of their mapping,
 * indented like their siblings (inside the braces for a flow mapping); new items go after the last item. A change
 * these cannot express (a removed key, a value of another type) rewrites that one value, in flow style where it
 * cannot be block. Values reached through a YAML alias are never edited: that would change every use of the anchor.
 */
final class NodeEditor {
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
    private final SourceText source;
    private final ValueRenderer renderer;
    private final Set<Node> shared;
    private final List<TextEdit> edits = new ArrayList<>();

    /** Where a node sits: inside flow style (or JSON), the column of its key when it is a block mapping's value. */
    private record Place(boolean flow, int keyColumn) {
    }

    NodeEditor(SourceText source, ValueRenderer renderer) {
        this.source = source;
        this.renderer = renderer;
        this.shared = sharedNodes(source.roots);
    }

    static boolean same(JsonNode a, JsonNode b) {
        return a != null && b != null && a.equals(NUMERIC, b);
    }

    void diff(int document, JsonNode wanted) {
        Node root = source.roots.get(document);
        diff(root, source.trees.get(document), wanted, new Place(source.json || isFlow(root), -1));
    }

    /** The text with every edit applied, last first so earlier offsets stay valid. */
    String apply() {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::order).reversed());
        StringBuilder text = new StringBuilder(source.text);
        int floor = Integer.MAX_VALUE;
        for (TextEdit e : sorted) {
            if (e.end() > floor) {
                throw new PatchException("internal: overlapping edits at offset " + e.start());
            }
            text.replace(e.start(), e.end(), e.replacement());
            floor = e.start();
        }
        return text.toString();
    }

    private void diff(Node node, JsonNode original, JsonNode wanted, Place place) {
        if (same(original, wanted)) {
            return;
        }
        if (shared.contains(node)) {
            throw new PatchException("line " + SourceText.line(node)
                    + ": cannot change a value that is a YAML anchor or alias (the change would apply to every use)");
        }
        if (node instanceof MappingNode mapping && wanted.isObject()) {
            mapping(mapping, original, wanted, place);
        } else if (node instanceof SequenceNode sequence && wanted.isArray()) {
            sequence(sequence, original, wanted, place);
        } else if (node instanceof ScalarNode scalar && !wanted.isContainerNode()) {
            replaceScalar(scalar, wanted, place);
        } else {
            replaceValue(node, wanted, place);
        }
    }

    private void mapping(MappingNode mapping, JsonNode original, JsonNode wanted, Place place) {
        Map<String, NodeTuple> explicit = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            if (!SourceText.isMergeKey(entry.getKeyNode())) {
                explicit.put(SourceText.key(entry.getKeyNode()), entry);
            }
        }
        if (explicit.keySet().stream().anyMatch(k -> !wanted.has(k))) {
            replaceValue(mapping, wanted, place); // a removed key
            return;
        }
        boolean flow = place.flow() || isFlow(mapping);
        for (Map.Entry<String, NodeTuple> e : explicit.entrySet()) {
            Node key = e.getValue().getKeyNode();
            diff(e.getValue().getValueNode(), original.get(e.getKey()), wanted.get(e.getKey()),
                    new Place(flow, flow ? -1 : column(offset(key))));
        }
        Map<String, JsonNode> added = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!explicit.containsKey(f.getKey()) && !same(original.get(f.getKey()), f.getValue())) {
                added.put(f.getKey(), f.getValue()); // new, or overriding a value merged in with <<
            }
        }
        if (!added.isEmpty()) {
            addEntries(mapping, added, flow);
        }
    }

    private void addEntries(MappingNode mapping, Map<String, JsonNode> added, boolean flow) {
        List<NodeTuple> entries = mapping.getValue();
        if (!flow) {
            int indent = column(offset(entries.get(0).getKeyNode()));
            StringBuilder b = new StringBuilder();
            added.forEach((k, v) -> renderer.blockEntry(b, k, v, indent));
            insertLines(deepEnd(mapping), b.toString());
            return;
        }
        List<String> parts = new ArrayList<>();
        added.forEach((k, v) -> parts.add(renderer.key(k) + ": "));
        List<JsonNode> values = new ArrayList<>(added.values());
        if (entries.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                b.append(i > 0 ? ", " : "").append(parts.get(i)).append(renderer.flow(values.get(i)));
            }
            insert(source.offset(mapping.getStartMark()) + 1, b.toString());
            return;
        }
        Node lastKey = entries.get(entries.size() - 1).getKeyNode();
        int keyColumn = column(offset(lastKey));
        boolean multiLine = entries.get(0).getKeyNode().getStartMark().getLine() != mapping.getStartMark().getLine();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            b.append(multiLine ? "," + source.newline + indentOf(offset(lastKey)) : ", ").append(parts.get(i))
                    .append(multiLine && source.json ? renderer.prettyJson(values.get(i), keyColumn) : renderer.flow(values.get(i)));
        }
        insert(end(entries.get(entries.size() - 1).getValueNode()), b.toString());
    }

    private void sequence(SequenceNode sequence, JsonNode original, JsonNode wanted, Place place) {
        List<Node> items = sequence.getValue();
        if (wanted.size() < items.size()) {
            replaceValue(sequence, wanted, place); // a removed item
            return;
        }
        boolean flow = place.flow() || isFlow(sequence);
        for (int i = 0; i < items.size(); i++) {
            diff(items.get(i), original.get(i), wanted.get(i), new Place(flow, -1));
        }
        if (wanted.size() == items.size()) {
            return;
        }
        if (!flow) {
            int indent = column(dash(sequence));
            StringBuilder b = new StringBuilder();
            for (int i = items.size(); i < wanted.size(); i++) {
                renderer.blockItem(b, wanted.get(i), indent);
            }
            insertLines(deepEnd(sequence), b.toString());
            return;
        }
        boolean multiLine = !items.isEmpty()
                && items.get(0).getStartMark().getLine() != sequence.getStartMark().getLine();
        int itemColumn = items.isEmpty() ? 0 : column(offset(items.get(items.size() - 1)));
        String itemIndent = items.isEmpty() ? "" : indentOf(offset(items.get(items.size() - 1)));
        StringBuilder b = new StringBuilder();
        for (int i = items.size(); i < wanted.size(); i++) {
            String separator = i == 0 ? "" : multiLine ? "," + source.newline + itemIndent : ", ";
            b.append(separator).append(multiLine && source.json ? renderer.prettyJson(wanted.get(i), itemColumn)
                    : renderer.flow(wanted.get(i)));
        }
        insert(items.isEmpty() ? source.offset(sequence.getStartMark()) + 1 : end(items.get(items.size() - 1)), b.toString());
    }

    private void replaceScalar(ScalarNode scalar, JsonNode wanted, Place place) {
        int start = offset(scalar);
        int end = end(scalar);
        String old = source.text.substring(start, end);
        String kept = old.substring(old.stripTrailing().length()); // a block scalar's line break stays
        edits.add(new TextEdit(start, end, renderer.scalarLike(wanted, scalar.getScalarStyle(), place.flow()) + kept,
                edits.size()));
    }

    /** A value of another type, or a collection that lost entries: rewritten whole. */
    private void replaceValue(Node node, JsonNode wanted, Place place) {
        int start = offset(node);
        if (!place.flow() && place.keyColumn() >= 0 && node instanceof ScalarNode scalar && !wanted.isEmpty()) {
            int end = end(scalar);
            int lineEnd = lineEndAfter(end);
            if (source.text.substring(end, lineEnd).isBlank()) {
                while (start > 0 && source.text.charAt(start - 1) == ' ') {
                    start--; // "key: null" becomes "key:" followed by the block
                }
            }
            edits.add(new TextEdit(start, end, "", edits.size()));
            StringBuilder b = new StringBuilder();
            renderer.blockChildren(b, wanted, place.keyColumn());
            insertLines(end, b.toString());
            return;
        }
        boolean block = node instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.BLOCK && !source.json;
        int end = block ? deepEnd(node) : end(node);
        String text = source.json ? renderer.prettyJson(wanted, column(firstNonBlank(start))) : renderer.flow(wanted);
        edits.add(new TextEdit(start, end, text, edits.size()));
    }

    private void insert(int at, String text) {
        edits.add(new TextEdit(at, at, text, edits.size()));
    }

    /** Inserts whole lines after the line holding {@code offset}. */
    private void insertLines(int offset, String lines) {
        int at = lineEndAfter(offset);
        boolean needsBreak = at == source.text.length() && (at == 0 || source.text.charAt(at - 1) != '\n');
        insert(at, needsBreak ? source.newline + lines : lines);
    }

    private int lineEndAfter(int offset) {
        if (offset > 0 && source.text.charAt(offset - 1) == '\n') {
            return offset; // a block scalar ends after its line break
        }
        int nl = source.text.indexOf('\n', offset);
        return nl < 0 ? source.text.length() : nl + 1;
    }

    /** Where a node's own text ends: for block collections, the end of their last value, not the next token. */
    private int deepEnd(Node node) {
        if (node instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.BLOCK && !source.json) {
            Node last = node instanceof MappingNode m ? m.getValue().get(m.getValue().size() - 1).getValueNode()
                    : ((SequenceNode) node).getValue().get(((SequenceNode) node).getValue().size() - 1);
            if (shared.contains(last)) {
                throw new PatchException("line " + SourceText.line(node)
                        + ": cannot add after a YAML alias at the end of a block (its position is the anchor's)");
            }
            return deepEnd(last);
        }
        return end(node);
    }

    /** The column of the dash of a block sequence's items. */
    private int dash(SequenceNode sequence) {
        int start = source.offset(sequence.getStartMark());
        if (source.text.charAt(start) == '-') {
            return start;
        }
        int item = offset(sequence.getValue().get(0));
        int dash = source.text.lastIndexOf('-', item);
        if (dash < 0 || dash < lineStart(item)) {
            throw new PatchException("line " + SourceText.line(sequence) + ": cannot find the dash of a list item");
        }
        return dash;
    }

    private int offset(Node node) {
        return source.offset(node.getStartMark());
    }

    private int end(Node node) {
        return source.offset(node.getEndMark());
    }

    private int lineStart(int offset) {
        return source.text.lastIndexOf('\n', offset - 1) + 1;
    }

    private int column(int offset) {
        return offset - lineStart(offset);
    }

    /** The whitespace before {@code offset} on its line (tabs kept), or spaces to its column. */
    private String indentOf(int offset) {
        String before = source.text.substring(lineStart(offset), offset);
        return before.isBlank() ? before : " ".repeat(before.length());
    }

    private int firstNonBlank(int offset) {
        int i = lineStart(offset);
        while (i < offset && source.text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isFlow(Node node) {
        return node instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.FLOW;
    }

    /** Nodes reached more than once (anchors with their aliases), with everything under them. */
    private static Set<Node> sharedNodes(List<Node> roots) {
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        Set<Node> shared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node root : roots) {
            visit(root, seen, shared);
        }
        List<Node> queue = new ArrayList<>(shared);
        while (!queue.isEmpty()) {
            Node n = queue.remove(queue.size() - 1);
            for (Node child : children(n)) {
                if (shared.add(child)) {
                    queue.add(child);
                }
            }
        }
        return shared;
    }

    private static void visit(Node node, Map<Node, Boolean> seen, Set<Node> shared) {
        List<Node> stack = new ArrayList<>(List.of(node));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (seen.put(n, Boolean.TRUE) != null) {
                shared.add(n);
                continue;
            }
            stack.addAll(children(n));
        }
    }

    private static List<Node> children(Node node) {
        if (node instanceof MappingNode m) {
            List<Node> out = new ArrayList<>();
            m.getValue().forEach(t -> {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            });
            return out;
        }
        return node instanceof SequenceNode s ? s.getValue() : List.of();
    }
}
