package dev.ballast.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.yaml.CommonYamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The schemas manifests are validated against: Kubernetes' own kinds at the version Ballast's control plane pins
 * (pruned from its OpenAPI v3 documents by {@code make schemas}, shipped gzipped), Ballast's CRDs, and the CRDs given
 * with {@code --crd}. Immutable once built; one instance serves every thread.
 */
public final class SchemaCatalog {
    /** The shipped resource: {@code {kubernetesVersion, kinds: {"apps/v1 Deployment": definition}, definitions}}. */
    public static final String RESOURCE = "/dev/ballast/schema/kubernetes.json.gz";
    /** Ballast's own CRDs, copied from crds/ into the jar by the build. */
    public static final List<String> BALLAST_CRDS =
            List.of("stabilitypolicies.ballast.dev-v1.yml", "stabilityexceptions.ballast.dev-v1.yml");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String kubernetesVersion;
    private final Map<String, JsonNode> kinds;
    private final Map<String, JsonNode> definitions;
    /** Kubernetes' own API groups ("" is the core group) and the apiVersions serving each kind in them. */
    private final Map<String, Map<String, List<String>>> builtInGroups;

    private SchemaCatalog(String kubernetesVersion, Map<String, JsonNode> kinds, Map<String, JsonNode> definitions,
                          Map<String, Map<String, List<String>>> builtInGroups) {
        this.kubernetesVersion = kubernetesVersion;
        this.kinds = Map.copyOf(kinds);
        this.definitions = definitions;
        this.builtInGroups = builtInGroups;
    }

    /** Kubernetes' kinds and Ballast's CRDs, from the jar. */
    public static Builder shipped() {
        JsonNode root;
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Kubernetes schema " + RESOURCE + " is missing from the build (make schemas)");
            }
            root = readJson(new GZIPInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped Kubernetes schema", e);
        }
        Map<String, JsonNode> definitions = new HashMap<>();
        root.path("definitions").fields().forEachRemaining(d -> definitions.put(d.getKey(), d.getValue()));
        Builder builder = new Builder(root.path("kubernetesVersion").asText(), Map.copyOf(definitions));
        Map<String, Map<String, List<String>>> groups = new HashMap<>();
        root.path("kinds").fields().forEachRemaining(k -> {
            builder.kinds.put(k.getKey(), ref(k.getValue().asText()));
            String[] apiVersionKind = k.getKey().split(" ");
            groups.computeIfAbsent(group(apiVersionKind[0]), g -> new HashMap<>())
                    .computeIfAbsent(apiVersionKind[1], kind -> new ArrayList<>()).add(apiVersionKind[0]);
        });
        groups.values().forEach(byKind -> byKind.values().forEach(Collections::sort));
        builder.builtInGroups = groups;
        for (String crd : BALLAST_CRDS) {
            try (InputStream in = SchemaCatalog.class.getResourceAsStream("/dev/ballast/schema/crds/" + crd)) {
                if (in == null) {
                    throw new IllegalStateException("Ballast's CRD " + crd + " is missing from the build");
                }
                List<CommonYamlReader.Root> documents = CommonYamlReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, false);
                if (documents == null || documents.size() != 1) {
                    throw new IllegalStateException("Ballast's CRD " + crd + " is not one document of common YAML");
                }
                builder.addCrd(documents.get(0).node());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Ballast's CRD " + crd, e);
            }
        }
        return builder;
    }

    /**
     * The shipped JSON as a tree, read with a bare parser: an ObjectMapper's set-up (type factory, date formats)
     * costs a cold {@code ballast audit --strict} about 50 ms.
     */
    private static JsonNode readJson(InputStream in) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(in)) {
            return tree(parser, parser.nextToken());
        }
    }

    private static JsonNode tree(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, tree(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(tree(parser, t));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + token + " in " + RESOURCE);
        };
    }

    private static JsonNode ref(String definition) {
        ObjectNode ref = NODES.objectNode();
        ref.put(SchemaPruner.REF, definition);
        return ref;
    }

    /** The Kubernetes version the built-in schemas come from, e.g. {@code v1.34.4}. */
    public String kubernetesVersion() {
        return kubernetesVersion;
    }

    /** The schema of {@code apiVersion}/{@code kind}, if known. */
    public Optional<JsonNode> schemaOf(String apiVersion, String kind) {
        return Optional.ofNullable(kinds.get(apiVersion + " " + kind));
    }

    /**
     * When {@code apiVersion} belongs to one of Kubernetes' own groups but the kind is not served there (a removed
     * version such as apps/v1beta1, or a typo): the apiVersions that serve the kind in that group, possibly none.
     * Empty for other groups (a custom resource whose CRD is not known).
     */
    public Optional<List<String>> unservedBuiltIn(String apiVersion, String kind) {
        Map<String, List<String>> group = builtInGroups.get(group(apiVersion));
        if (group == null || kinds.containsKey(apiVersion + " " + kind)) {
            return Optional.empty();
        }
        return Optional.of(group.getOrDefault(kind, List.of()));
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** A definition a {@code $ref} names; an unknown name (a broken catalogue) accepts anything. */
    JsonNode definition(String name) {
        return definitions.getOrDefault(name, ANY);
    }

    private static final JsonNode ANY = NODES.objectNode();

    /** Collects the kinds; CRDs added later replace earlier schemas of the same group, version and kind. */
    public static final class Builder {
        private final String kubernetesVersion;
        private final Map<String, JsonNode> definitions;
        private final Map<String, JsonNode> kinds = new HashMap<>();
        private Map<String, Map<String, List<String>>> builtInGroups = Map.of();

        private Builder(String kubernetesVersion, Map<String, JsonNode> definitions) {
            this.kubernetesVersion = kubernetesVersion;
            this.definitions = definitions;
        }

        /** @throws IllegalArgumentException when {@code crd} is not a v1 CustomResourceDefinition */
        public Builder addCrd(JsonNode crd) {
            kinds.putAll(CrdSchemas.of(crd));
            return this;
        }

        public SchemaCatalog build() {
            return new SchemaCatalog(kubernetesVersion, kinds, definitions, builtInGroups);
        }
    }
}
