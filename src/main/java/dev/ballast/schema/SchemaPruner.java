package dev.ballast.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keeps of an OpenAPI v3 schema only what validating a manifest needs: types, the formats checked, properties,
 * required fields, items, additionalProperties, enums, {@code $ref}s (as bare definition names) and the
 * {@code x-kubernetes-*} markers that widen what is accepted. Descriptions, defaults, patch strategies and value
 * validations (patterns, ranges, CEL) are dropped.
 */
public final class SchemaPruner {
    static final String REF = "$ref";
    static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";
    static final String INT_OR_STRING = "x-kubernetes-int-or-string";
    static final String EMBEDDED = "x-kubernetes-embedded-resource";
    static final String QUANTITY = "quantity";
    /** Formats the validator checks: anything else is a plain string. */
    private static final Set<String> FORMATS = Set.of("byte", "date-time", "int32");
    private static final Set<String> FLAGS = Set.of(PRESERVE, INT_OR_STRING, EMBEDDED, "nullable");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean builtIn;

    private SchemaPruner(boolean builtIn) {
        this.builtIn = builtIn;
    }

    /**
     * For Kubernetes' own definitions: an object with neither properties nor additionalProperties is a raw value
     * (RawExtension, FieldsV1, JSON), so anything goes in it; {@code allOf: [$ref]} becomes the {@code $ref}.
     */
    public static SchemaPruner builtIn() {
        return new SchemaPruner(true);
    }

    /** For a CRD's structural schema, where an object without properties accepts no field unless it says so. */
    public static SchemaPruner crd() {
        return new SchemaPruner(false);
    }

    public ObjectNode prune(JsonNode schema) {
        ObjectNode out = NODES.objectNode();
        if (!schema.isObject()) {
            return out;
        }
        JsonNode ref = schema.get(REF);
        JsonNode allOf = schema.get("allOf");
        if (ref == null && builtIn && allOf != null && allOf.size() == 1 && allOf.get(0).has(REF)) {
            ref = allOf.get(0).get(REF);
        }
        if (ref != null) {
            String name = ref.asText();
            out.put(REF, name.substring(name.lastIndexOf('/') + 1));
            return out;
        }
        String format = schema.path("format").asText("");
        if ("int-or-string".equals(format)) {
            out.put(INT_OR_STRING, true);
            return out;
        }
        if (builtIn && isQuantity(schema)) {
            out.put("format", QUANTITY);
            return out;
        }
        if (schema.has("type")) {
            out.set("type", schema.get("type"));
        }
        if (FORMATS.contains(format)) {
            out.put("format", format);
        }
        for (String flag : FLAGS) {
            if (schema.path(flag).asBoolean(false)) {
                out.put(flag, true);
            }
        }
        if (schema.has("enum")) {
            out.set("enum", schema.get("enum").deepCopy());
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            ObjectNode pruned = out.putObject("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                pruned.set(p.getKey(), prune(p.getValue()));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray() && !required.isEmpty()) {
            out.set("required", required.deepCopy());
        }
        if (schema.has("items") && schema.get("items").isObject()) {
            out.set("items", prune(schema.get("items")));
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null) {
            out.set("additionalProperties", additional.isBoolean() ? additional : prune(additional));
        }
        if (builtIn && "object".equals(schema.path("type").asText()) && properties == null && additional == null) {
            out.put(PRESERVE, true);
        }
        return out;
    }

    /** resource.Quantity: {@code oneOf: [string, number]}, decoded by its own parser. */
    private static boolean isQuantity(JsonNode schema) {
        JsonNode oneOf = schema.get("oneOf");
        if (oneOf == null || oneOf.size() != 2) {
            return false;
        }
        Set<String> types = Set.of(oneOf.get(0).path("type").asText(), oneOf.get(1).path("type").asText());
        return types.equals(Set.of("string", "number"));
    }
}
