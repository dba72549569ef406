package dev.ballast.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.schema.SchemaValidator;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a policy's tree to the {@code dev.ballast.api.spec} records as strictly as the CRD's schema: unknown fields,
 * a string where a number or boolean belongs (and the reverse), unknown enum values and nulls inside lists are errors
 * naming the field path; a whole number written as a decimal ({@code 10.0}) is an integer, as the API server reads
 * it. Jackson's data binding gives the same records, but introspecting the StabilityPolicy types costs the CLI some
 * 200 ms of start-up; this walks the record components directly.
 */
final class SpecBinder {
    /** A value that does not fit its field; {@code path} is the field path ({@code spec.rules.probes}). */
    static final class Invalid extends RuntimeException {
        final String path;

        Invalid(String path, String message) {
            super(message);
            this.path = path;
        }
    }

    private record Shape(RecordComponent[] components, Constructor<?> constructor, Set<String> names) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                names.add(components[i].getName());
            }
            try {
                return new Shape(components, type.getDeclaredConstructor(types), names);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }
    };

    /** Each enum's constants by the name they are written with: its {@code @JsonProperty} value, else its name. */
    private static final ClassValue<Map<String, Enum<?>>> ENUMS = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new LinkedHashMap<>();
            for (Object constant : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                try {
                    JsonProperty written = type.getField(e.name()).getAnnotation(JsonProperty.class);
                    byName.put(written == null ? e.name() : written.value(), e);
                } catch (NoSuchFieldException impossible) {
                    byName.put(e.name(), e);
                }
            }
            return Collections.unmodifiableMap(byName);
        }
    };

    private SpecBinder() {
    }

    /** The record of {@code type} that {@code node} (at field path {@code path}) describes; null for a null node. */
    static <T extends Record> T bind(JsonNode node, Class<T> type, String path) {
        return type.cast(value(node, type, path));
    }

    private static Object value(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return list(node, p.getActualTypeArguments()[0], path);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return require(node, node.isTextual(), "a string", path).asText();
        }
        if (raw == Integer.class) {
            return require(node, SchemaValidator.integral(node) && node.canConvertToInt(), "an integer", path).intValue();
        }
        if (raw == Boolean.class) {
            return require(node, node.isBoolean(), "true or false", path).booleanValue();
        }
        if (raw.isEnum()) {
            return constant(node, raw, path);
        }
        if (raw == LabelSelector.class) {
            return selector(node, path);
        }
        if (raw.isRecord()) {
            return record(node, raw, path);
        }
        throw new IllegalStateException("no binding for " + type + " at " + path);
    }

    private static Object record(JsonNode node, Class<?> type, String path) {
        Shape shape = SHAPES.get(type);
        checkFields(node, shape.names(), path);
        Object[] values = new Object[shape.components().length];
        for (int i = 0; i < values.length; i++) {
            RecordComponent c = shape.components()[i];
            values[i] = value(node.get(c.getName()), c.getGenericType(), child(path, c.getName()));
        }
        try {
            return shape.constructor().newInstance(values);
        } catch (InvocationTargetException e) {
            throw new Invalid(path, String.valueOf(e.getCause().getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, e);
        }
    }

    private static List<Object> list(JsonNode node, Type item, String path) {
        require(node, node.isArray(), "a list", path);
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode element = node.get(i);
            if (element.isNull()) {
                throw new Invalid(at, at + ": null is not allowed in a list");
            }
            out.add(value(element, item, at));
        }
        return out;
    }

    private static Enum<?> constant(JsonNode node, Class<?> type, String path) {
        Map<String, Enum<?>> byName = ENUMS.get(type);
        Enum<?> e = node.isTextual() ? byName.get(node.asText()) : null;
        if (e == null) {
            throw new Invalid(path, path + ": invalid value " + shown(node) + ", must be one of "
                    + String.join(", ", byName.keySet()));
        }
        return e;
    }

    /** Fabric8's selector types, filled as Jackson fills them: a list left out stays an empty list. */
    private static LabelSelector selector(JsonNode node, String path) {
        checkFields(node, Set.of("matchExpressions", "matchLabels"), path);
        LabelSelector selector = new LabelSelector();
        JsonNode expressions = node.get("matchExpressions");
        if (expressions != null && !expressions.isNull()) {
            String at = child(path, "matchExpressions");
            require(expressions, expressions.isArray(), "a list", at);
            List<LabelSelectorRequirement> requirements = new ArrayList<>();
            for (int i = 0; i < expressions.size(); i++) {
                requirements.add(requirement(expressions.get(i), at + "[" + i + "]"));
            }
            selector.setMatchExpressions(requirements);
        }
        JsonNode labels = node.get("matchLabels");
        if (labels != null && !labels.isNull()) {
            selector.setMatchLabels(strings(labels, child(path, "matchLabels")));
        }
        return selector;
    }

    private static LabelSelectorRequirement requirement(JsonNode node, String path) {
        checkFields(node, Set.of("key", "operator", "values"), path);
        LabelSelectorRequirement requirement = new LabelSelectorRequirement();
        requirement.setKey((String) value(node.get("key"), String.class, child(path, "key")));
        requirement.setOperator((String) value(node.get("operator"), String.class, child(path, "operator")));
        JsonNode values = node.get("values");
        if (values != null && !values.isNull()) {
            requirement.setValues(list(values, String.class, child(path, "values")).stream().map(String.class::cast).toList());
        }
        return requirement;
    }

    private static Map<String, String> strings(JsonNode node, String path) {
        require(node, node.isObject(), "a mapping of strings", path);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), (String) value(e.getValue(), String.class, child(path, e.getKey())));
        }
        return out;
    }

    /** A mapping whose every field is one of {@code known}; {@code path} "" is the document itself. */
    static void checkFields(JsonNode node, Set<String> known, String path) {
        require(node, node.isObject(), "a mapping", path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Invalid(child(path, name), "unknown field \"" + name + "\" in "
                        + (path.isEmpty() ? "the document" : path) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static JsonNode require(JsonNode node, boolean ok, String expected, String path) {
        if (!ok) {
            throw new Invalid(path, path + ": invalid value " + shown(node) + ", expected " + expected);
        }
        return node;
    }

    private static String shown(JsonNode node) {
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        return node.isContainerNode() ? (node.isArray() ? "(a list)" : "(a mapping)") : node.toString();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
