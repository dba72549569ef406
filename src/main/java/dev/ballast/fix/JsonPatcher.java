package dev.ballast.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.rules.repair.PatchOperation;
import java.util.ArrayList;
import java.util.List;

/** Applies RFC 6902 {@code add} and {@code replace} operations to a JSON tree: a copy, or one the caller owns. */
public final class JsonPatcher {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonPatcher() {
    }

    public static JsonNode apply(JsonNode source, List<PatchOperation> operations) {
        return applyInPlace(source.deepCopy(), operations);
    }

    /**
     * Applies the operations to {@code root} itself (no copy: for a tree the caller owns and edits many times) and
     * returns the result, which is a new node only when an operation replaces the whole document.
     */
    public static JsonNode applyInPlace(JsonNode root, List<PatchOperation> operations) {
        for (PatchOperation op : operations) {
            root = apply(root, op);
        }
        return root;
    }

    /** The operation's value as a JSON tree. */
    public static JsonNode valueOf(PatchOperation op) {
        return MAPPER.valueToTree(op.value());
    }

    /** A JSON tree as the plain values a {@link PatchOperation} holds (insertion-ordered maps, lists, scalars). */
    public static Object toPlain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    private static JsonNode apply(JsonNode root, PatchOperation op) {
        JsonNode value = valueOf(op);
        List<String> segments = segments(op.path());
        if (segments.isEmpty()) {
            return value; // the whole document
        }
        JsonNode parent = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            parent = child(parent, segments.get(i));
            if (parent == null) {
                throw new PatchException(op.op().wire() + " " + op.path() + ": "
                        + pointer(segments.subList(0, i + 1)) + " does not exist");
            }
        }
        String last = segments.get(segments.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (op.op() == PatchOperation.Op.REPLACE && !object.has(last)) {
                throw new PatchException("replace " + op.path() + ": no such key");
            }
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            int index = "-".equals(last) && op.op() == PatchOperation.Op.ADD ? array.size() : index(last, op);
            int bound = op.op() == PatchOperation.Op.ADD ? array.size() : array.size() - 1;
            if (index < 0 || index > bound) {
                throw new PatchException(op.op().wire() + " " + op.path() + ": index out of range");
            }
            if (op.op() == PatchOperation.Op.ADD) {
                array.insert(index, value);
            } else {
                array.set(index, value);
            }
        } else {
            throw new PatchException(op.op().wire() + " " + op.path() + ": parent is not an object or array");
        }
        return root;
    }

    private static JsonNode child(JsonNode node, String segment) {
        if (node instanceof ObjectNode object) {
            return object.get(segment);
        }
        if (node instanceof ArrayNode array && segment.matches("0|[1-9][0-9]{0,8}")) {
            return array.get(Integer.parseInt(segment));
        }
        return null;
    }

    private static int index(String segment, PatchOperation op) {
        if (!segment.matches("0|[1-9][0-9]{0,8}")) {
            throw new PatchException(op.op().wire() + " " + op.path() + ": \"" + segment + "\" is not an array index");
        }
        return Integer.parseInt(segment);
    }

    static List<String> segments(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static String pointer(List<String> segments) {
        StringBuilder b = new StringBuilder();
        segments.forEach(s -> b.append('/').append(PatchOperation.segment(s)));
        return b.toString();
    }
}
