package dev.ballast.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks one parsed manifest against its schema the way {@code kubectl apply --validate=strict} gets it checked: an
 * unknown field (not in {@code properties}, where neither {@code additionalProperties} nor
 * {@code x-kubernetes-preserve-unknown-fields} allows it), a value of the wrong type (integer, number, boolean,
 * string, array, object; int-or-string; quantities; base64 bytes; date-times), a missing required field, a value
 * outside an enum. A null value is an unset one, as the API server decodes it. Work is bounded by the document
 * (whose depth and size the reader bounds) and by {@link #MAX_VIOLATIONS} reported per document.
 */
public final class SchemaValidator {
    public static final int MAX_VIOLATIONS = 100;
    /** resource.Quantity's grammar: a signed decimal, then a binary or decimal SI suffix or an exponent. */
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    private final SchemaCatalog catalog;

    public SchemaValidator(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every violation of {@code document} against {@code schema}, in document order, at most {@link #MAX_VIOLATIONS}. */
    public List<SchemaViolation> validate(JsonNode document, JsonNode schema) {
        Walk walk = new Walk();
        walk.value(document, schema, "");
        return List.copyOf(walk.violations);
    }

    private final class Walk {
        private final List<SchemaViolation> violations = new ArrayList<>();

        private boolean full() {
            return violations.size() >= MAX_VIOLATIONS;
        }

        private void report(String path, String problem) {
            if (!full()) {
                violations.add(new SchemaViolation(path, problem));
            }
        }

        private JsonNode resolve(JsonNode schema) {
            JsonNode s = schema;
            for (int hops = 0; s.has(SchemaPruner.REF) && hops < 8; hops++) {
                s = catalog.definition(s.get(SchemaPruner.REF).asText());
            }
            return s;
        }

        void value(JsonNode value, JsonNode rawSchema, String path) {
            if (value == null || value.isNull() || full()) {
                return;
            }
            JsonNode schema = resolve(rawSchema);
            if (schema.path(SchemaPruner.INT_OR_STRING).asBoolean(false)) {
                if (!value.isTextual() && !integral(value)) {
                    report(path, "expected an integer or a string, got " + describe(value));
                }
                return;
            }
            String format = schema.path("format").asText("");
            if (SchemaPruner.QUANTITY.equals(format)) {
                quantity(value, path);
                return;
            }
            String type = schema.path("type").asText("");
            if (type.isEmpty() && (schema.has("properties") || schema.has("additionalProperties"))) {
                type = "object";
            }
            switch (type) {
                case "object" -> object(value, schema, path);
                case "array" -> array(value, schema, path);
                case "string" -> string(value, schema, format, path);
                case "integer" -> {
                    if (!integral(value)) {
                        report(path, "expected an integer, got " + describe(value));
                    } else if ("int32".equals(format) && !value.canConvertToInt()) {
                        report(path, "integer " + value.asText() + " is out of the int32 range");
                    } else {
                        enumeration(value, schema, path);
                    }
                }
                case "number" -> {
                    if (!value.isNumber()) {
                        report(path, "expected a number, got " + describe(value));
                    }
                }
                case "boolean" -> {
                    if (!value.isBoolean()) {
                        report(path, "expected a boolean, got " + describe(value));
                    }
                }
                default -> {
                    // no type: any value (x-kubernetes-preserve-unknown-fields, or a schema that says nothing)
                }
            }
        }

        private void object(JsonNode value, JsonNode schema, String path) {
            if (!value.isObject()) {
                report(path, "expected an object, got " + describe(value));
                return;
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            boolean embedded = schema.path(SchemaPruner.EMBEDDED).asBoolean(false);
            boolean open = schema.path(SchemaPruner.PRESERVE).asBoolean(false)
                    || additional != null && additional.isBoolean() && additional.asBoolean();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext() && !full(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode property = properties.get(field.getKey());
                if (property != null) {
                    value(field.getValue(), property, child);
                } else if (additional != null && additional.isObject()) {
                    value(field.getValue(), additional, child);
                } else if (embedded && isTypeMeta(field.getKey())) {
                    value(field.getValue(), schema, child);
                } else if (!open) {
                    report(child, "unknown field");
                }
            }
            for (JsonNode required : schema.path("required")) {
                JsonNode present = value.get(required.asText());
                if (present == null || present.isNull()) {
                    report(path.isEmpty() ? required.asText() : path + "." + required.asText(), "missing required field");
                }
            }
        }

        private static boolean isTypeMeta(String key) {
            return key.equals("apiVersion") || key.equals("kind") || key.equals("metadata");
        }

        private void array(JsonNode value, JsonNode schema, String path) {
            if (!value.isArray()) {
                report(path, "expected an array, got " + describe(value));
                return;
            }
            JsonNode items = schema.get("items");
            if (items == null) {
                return;
            }
            for (int i = 0; i < value.size() && !full(); i++) {
                value(value.get(i), items, path + "[" + i + "]");
            }
        }

        private void string(JsonNode value, JsonNode schema, String format, String path) {
            if (!value.isTextual()) {
                report(path, "expected a string, got " + describe(value));
                return;
            }
            String text = value.asText();
            if ("byte".equals(format) && !base64(text)) {
                report(path, "expected base64-encoded data (standard alphabet, padded)");
            } else if ("date-time".equals(format) && !DATE_TIME.matcher(text).matches()) {
                report(path, "expected an RFC 3339 date-time, got \"" + shorten(text) + "\"");
            } else {
                enumeration(value, schema, path);
            }
        }

        private void enumeration(JsonNode value, JsonNode schema, String path) {
            JsonNode allowed = schema.get("enum");
            if (allowed == null || !allowed.isArray()) {
                return;
            }
            for (JsonNode a : allowed) {
                if (a.equals(value) || a.isNumber() && value.isNumber() && a.decimalValue().compareTo(value.decimalValue()) == 0) {
                    return;
                }
            }
            List<String> names = new ArrayList<>();
            allowed.forEach(a -> names.add(a.isTextual() ? "\"" + a.asText() + "\"" : a.toString()));
            names.remove("\"\"");
            report(path, "unsupported value " + (value.isTextual() ? "\"" + shorten(value.asText()) + "\"" : value.toString())
                    + " (supported: " + String.join(", ", names) + ")");
        }

        private void quantity(JsonNode value, String path) {
            if (value.isNumber()) {
                return;
            }
            if (!value.isTextual()) {
                report(path, "expected a quantity (a number or a string such as 500m or 1Gi), got " + describe(value));
            } else if (!QUANTITY.matcher(value.asText()).matches()) {
                report(path, "\"" + shorten(value.asText()) + "\" is not a quantity (such as 500m, 1.5, 1Gi or 1e3)");
            }
        }
    }

    /**
     * Whether the API server reads {@code value} as an integer: YAML's 3.0 reaches it as the JSON number 3 (kubectl
     * converts YAML to JSON), which decodes into an integer field. Every reader of integers goes by this.
     */
    public static boolean integral(JsonNode value) {
        return value.isIntegralNumber()
                || value.isFloatingPointNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    private static boolean base64(String text) {
        String compact = text.replace("\r", "").replace("\n", "");
        if (compact.length() % 4 != 0) {
            return false;
        }
        try {
            Base64.getDecoder().decode(compact);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string \"" + shorten(value.asText()) + "\"";
            case NUMBER -> "number " + value.asText();
            case BOOLEAN -> "boolean " + value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().toString().toLowerCase();
        };
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
