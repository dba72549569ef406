package dev.ballast.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.schema.SchemaValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a JSON tree that keep "unset" as null and reject wrong types with the field's path, so a
 * manifest with {@code timeoutSeconds: "ten"} is reported, not guessed at.
 */
final class NodeReader {
    private NodeReader() {
    }

    static JsonNode child(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    static String text(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v == null) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new ManifestException(path + "." + field + " must be a string");
        }
        return v.asText();
    }

    static Integer integer(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v == null) {
            return null;
        }
        if (!v.canConvertToInt() || !SchemaValidator.integral(v)) {
            throw new ManifestException(path + "." + field + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    static Long longValue(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v == null) {
            return null;
        }
        if (!SchemaValidator.integral(v) || !v.canConvertToLong()) {
            throw new ManifestException(path + "." + field + " must be an integer, got " + v);
        }
        return v.longValue();
    }

    static Boolean bool(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ManifestException(path + "." + field + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    static Map<String, String> stringMap(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new ManifestException(path + "." + field + " must be a map of strings");
        }
        Map<String, String> result = new HashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                result.put(e.getKey(), e.getValue().asText());
            }
        });
        return result;
    }

    static List<String> strings(JsonNode node, String field, String path) {
        return list(node, field, path).stream().map(JsonNode::asText).toList();
    }

    static List<JsonNode> list(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ManifestException(path + "." + field + " must be a list");
        }
        List<JsonNode> result = new ArrayList<>(v.size());
        v.forEach(result::add);
        return result;
    }

    static JsonNode object(JsonNode node, String field, String path) {
        JsonNode v = child(node, field);
        if (v != null && !v.isObject()) {
            throw new ManifestException(path + "." + field + " must be an object");
        }
        return v;
    }
}
