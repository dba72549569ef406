package dev.ballast.fix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.repair.PatchOperation;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A manifest file (multi-document YAML, a {@code kind: List}, or JSON) that JSON Patch operations can be applied to
 * while every line they do not touch stays byte-identical: comments, key order, quoting, flow style and blank lines
 * are kept. Operations address one document by its index among the file's non-empty documents; a List item is
 * addressed through its path ({@code /items/3/spec/...}). Pure: text in, text out.
 */
public final class EditableManifest {
    private static final int DEFAULT_STEP = 2;
    private final SourceText source;

    private EditableManifest(SourceText source) {
        this.source = source;
    }

    /** Parses {@code text}; {@code json} makes new values JSON. Throws {@link PatchException} naming the line. */
    public static EditableManifest parse(String text, boolean json) {
        return new EditableManifest(new SourceText(text, json));
    }

    /** The non-empty documents' values, in file order. */
    public List<JsonNode> documents() {
        return source.trees;
    }

    /**
     * The text with each document's operations applied (in order, RFC 6902 semantics); documents without operations
     * are untouched. The result is read back and compared with the patched trees before it is returned.
     */
    public String apply(Map<Integer, List<PatchOperation>> byDocument) {
        if (byDocument.values().stream().allMatch(List::isEmpty)) {
            return source.text;
        }
        NodeEditor editor = new NodeEditor(source, renderer());
        JsonNode[] wanted = source.trees.toArray(new JsonNode[0]);
        for (Map.Entry<Integer, List<PatchOperation>> e : byDocument.entrySet()) {
            int document = e.getKey();
            if (document < 0 || document >= wanted.length) {
                throw new PatchException("no document " + document + " (the file has " + wanted.length + ")");
            }
            wanted[document] = JsonPatcher.apply(wanted[document], e.getValue());
            editor.diff(document, wanted[document]);
        }
        String patched = editor.apply();
        List<JsonNode> reread = new SourceText(patched, source.json).trees;
        for (int i = 0; i < wanted.length; i++) {
            if (reread.size() != wanted.length || !NodeEditor.same(reread.get(i), wanted[i])) {
                throw new PatchException("document " + i + ": the edited text does not read back as the patched object");
            }
        }
        return patched;
    }

    private ValueRenderer renderer() {
        int step = -1;
        int sequenceIndent = -1;
        for (Node root : source.roots) {
            int[] found = indents(root, new int[] {step, sequenceIndent});
            step = found[0];
            sequenceIndent = found[1];
        }
        step = step > 0 ? step : DEFAULT_STEP;
        return new ValueRenderer(source.json, step, sequenceIndent >= 0 ? sequenceIndent : step, source.newline);
    }

    /** The first nested block mapping's indentation step and the first block sequence's indent under its key. */
    private int[] indents(Node root, int[] found) {
        java.util.ArrayDeque<Node> queue = new java.util.ArrayDeque<>(List.of(root));
        int visited = 0;
        while (!queue.isEmpty() && (found[0] < 0 || found[1] < 0) && visited++ < 100_000) {
            if (!(queue.poll() instanceof MappingNode m) || m.getFlowStyle() != FlowStyle.BLOCK) {
                continue;
            }
            for (NodeTuple t : m.getValue()) {
                Node value = t.getValueNode();
                int keyColumn = t.getKeyNode().getStartMark().getColumn();
                if (value instanceof MappingNode child && child.getFlowStyle() == FlowStyle.BLOCK && found[0] < 0
                        && !child.getValue().isEmpty()) {
                    int step = child.getValue().get(0).getKeyNode().getStartMark().getColumn() - keyColumn;
                    found[0] = step > 0 ? step : -1;
                }
                if (value instanceof SequenceNode seq && seq.getFlowStyle() == FlowStyle.BLOCK && found[1] < 0
                        && value.getStartMark().getLine() > t.getKeyNode().getStartMark().getLine()) {
                    int indent = value.getStartMark().getColumn() - keyColumn;
                    found[1] = indent >= 0 ? indent : -1;
                }
                if (value instanceof CollectionNode<?>) {
                    queue.add(value);
                }
                if (value instanceof SequenceNode seq) {
                    queue.addAll(seq.getValue());
                }
            }
        }
        return found;
    }
}
