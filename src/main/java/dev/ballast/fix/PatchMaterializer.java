package dev.ballast.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.rules.repair.PatchOperation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a repair's operations into RFC 6902 operations valid on one object: a missing (or null) parent becomes an
 * {@code add} of the nested value ({@code .../drop/-} of a missing list adds the list), and an operation that
 * changes nothing is dropped, so applying the result twice changes nothing the second time.
 */
public final class PatchMaterializer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PatchMaterializer() {
    }

    public static List<PatchOperation> materialize(JsonNode object, List<PatchOperation> operations) {
        return materializeInPlace(object.deepCopy(), operations);
    }

    /**
     * As {@link #materialize}, applying the valid operations to {@code object} itself as it goes: one pass, no copy
     * of the whole object per operation (the webhook repairs objects of megabytes, one repair at a time).
     * {@code object} must be a container node the caller owns; the operations never replace the whole document.
     */
    public static List<PatchOperation> materializeInPlace(JsonNode object, List<PatchOperation> operations) {
        List<PatchOperation> out = new ArrayList<>();
        for (PatchOperation op : operations) {
            PatchOperation valid = materialize(object, op);
            if (valid != null) {
                if (valid.path().isEmpty()) {
                    throw new PatchException(valid.op().wire() + " \"\": a repair may not replace the whole object");
                }
                JsonPatcher.applyInPlace(object, List.of(valid));
                out.add(valid);
            }
        }
        return out;
    }

    private static PatchOperation materialize(JsonNode root, PatchOperation op) {
        List<String> segments = JsonPatcher.segments(op.path());
        JsonNode value = JsonPatcher.valueOf(op);
        JsonNode node = root;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (node.isArray() && "-".equals(segment) && last) {
                return containsEqual(node, value) ? null : PatchOperation.add(path + "/-", op.value());
            }
            JsonNode child = node.isObject() ? node.get(segment)
                    : node.isArray() && segment.matches("\\d{1,9}") ? node.get(Integer.parseInt(segment)) : null;
            if (child == null || child.isNull()) {
                if (!node.isObject()) {
                    throw new PatchException(op.op().wire() + " " + op.path() + ": " + path + " is not an object");
                }
                return PatchOperation.add(path + "/" + PatchOperation.segment(segment),
                        nested(segments.subList(i + 1, segments.size()), value));
            }
            if (last) {
                return NodeEditor.same(child, value) ? null : PatchOperation.add(path + "/" + PatchOperation.segment(segment), op.value());
            }
            path.append('/').append(PatchOperation.segment(segment));
            node = child;
        }
        return NodeEditor.same(root, value) ? null : op;
    }

    private static boolean containsEqual(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (NodeEditor.same(item, value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code value} under the remaining path segments, as plain Java values for a {@link PatchOperation}. */
    private static Object nested(List<String> rest, JsonNode value) {
        JsonNode built = value;
        for (int i = rest.size() - 1; i >= 0; i--) {
            if ("-".equals(rest.get(i))) {
                ArrayNode array = JSON.arrayNode();
                array.add(built);
                built = array;
            } else {
                ObjectNode object = JSON.objectNode();
                object.set(rest.get(i), built);
                built = object;
            }
        }
        return JsonPatcher.toPlain(built);
    }
}
