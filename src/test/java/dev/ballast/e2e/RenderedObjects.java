package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kubernetes objects read from YAML (files, `kubectl kustomize`, `helm template`, `kubectl ... -o json`), keyed by
 * identity, so installs rendered different ways can be compared object by object.
 */
public final class RenderedObjects {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RenderedObjects() {
    }

    /** Every object in a multi-document YAML (or JSON) text, a `kind: List` unpacked; empty documents skipped. */
    public static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                document = canonicalNumbers(document);
                if ("List".equals(document.path("kind").asText()) && document.has("items")) {
                    document.get("items").forEach(item -> objects.add((ObjectNode) item));
                } else {
                    objects.add((ObjectNode) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** 100.0 and 100 are the same JSON number (the generated CRD writes the first, kustomize the second). */
    private static JsonNode canonicalNumbers(JsonNode node) {
        if (node.isNumber()) {
            return node.isIntegralNumber() || node.doubleValue() == Math.rint(node.doubleValue()) && !Double.isInfinite(node.doubleValue())
                    ? LongNode.valueOf(node.longValue()) : DoubleNode.valueOf(node.doubleValue());
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> field.setValue(canonicalNumbers(field.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, canonicalNumbers(array.get(i)));
            }
        }
        return node;
    }

    /**
     * Where two sets of objects differ, one line each: an object only on one side, or the first JSON pointer at
     * which an object differs with both values. Empty when they are equal.
     */
    public static List<String> differences(Map<String, ObjectNode> expected, Map<String, ObjectNode> actual) {
        List<String> lines = new ArrayList<>();
        expected.keySet().stream().filter(k -> !actual.containsKey(k)).forEach(k -> lines.add("missing: " + k));
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> lines.add("extra: " + k));
        expected.forEach((key, object) -> {
            if (actual.containsKey(key)) {
                firstDifference("", object, actual.get(key)).ifPresent(d -> lines.add(key + ": " + d));
            }
        });
        return lines;
    }

    private static java.util.Optional<String> firstDifference(String pointer, JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return java.util.Optional.empty();
        }
        if (expected.isObject() && actual.isObject()) {
            var names = new java.util.TreeSet<String>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                var found = firstDifference(pointer + "/" + name, expected.path(name), actual.path(name));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                var found = firstDifference(pointer + "/" + i, expected.get(i), actual.get(i));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return java.util.Optional.of(pointer + " expected " + abbreviate(expected) + " but was " + abbreviate(actual));
    }

    private static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "(absent)" : node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The objects of every *.yaml file directly in {@code dir} (what `kubectl apply -f dir` reads), in file order. */
    public static List<ObjectNode> readDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<ObjectNode> objects = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                objects.addAll(parse(Files.readString(file)));
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Kind namespace/name} of an object (namespace empty for cluster-scoped ones). */
    public static String identity(JsonNode object) {
        return object.path("kind").asText() + " " + object.path("metadata").path("namespace").asText("") + "/"
                + object.path("metadata").path("name").asText();
    }

    /** The objects by identity; an identity seen twice is an error (it would hide one of them). */
    public static Map<String, ObjectNode> byIdentity(List<ObjectNode> objects) {
        Map<String, ObjectNode> map = new LinkedHashMap<>();
        for (ObjectNode object : objects) {
            if (map.put(identity(object), object) != null) {
                throw new IllegalStateException("rendered twice: " + identity(object));
            }
        }
        return map;
    }

    /** Drops what the API server assigns per write (uid, times, versions, managed fields, last-applied copy). */
    public static ObjectNode withoutServerFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.path("metadata");
        metadata.remove(List.of("uid", "creationTimestamp", "resourceVersion", "generation", "managedFields"));
        if (metadata.path("annotations") instanceof ObjectNode annotations) {
            annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        copy.remove("status");
        return copy;
    }

    /** `kubectl apply --dry-run=server` of the objects: the API server validates (and would store) every one. */
    public static void assertServerDryRun(ControlPlaneExtension cluster, Map<String, ObjectNode> objects) {
        var dryRun = cluster.kubectlWithStdin(toYaml(List.copyOf(objects.values())), "apply", "--dry-run=server", "-f", "-");
        assertThat(dryRun.code()).as(dryRun.all()).isZero();
        assertThat(dryRun.out().lines()).as(dryRun.out()).hasSize(objects.size()).allMatch(l -> l.endsWith("(server dry run)"));
    }

    /** Writes objects back as one multi-document YAML text (for kubectl's stdin). */
    public static String toYaml(List<? extends JsonNode> objects) {
        StringBuilder out = new StringBuilder();
        for (JsonNode object : objects) {
            try {
                out.append(YAML.writeValueAsString(object));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }
}
