package dev.ballast.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
            root = JSON.readTree(new GZIPInputStream(in));
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
                builder.addCrd(YAML.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Ballast's CRD " + crd, e);
            }
        }
        return builder;
    }

    private static JsonNode ref(String definition) {
        ObjectNode ref = JSON.createObjectNode();
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

    private static final JsonNode ANY = JSON.createObjectNode();

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
