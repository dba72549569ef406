package dev.ballast.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Derives the shipped schema ({@link SchemaCatalog#RESOURCE}) from the Kubernetes module the control plane pins
 * ({@code hack/controlplane/kube/go.mod}): the OpenAPI v3 documents under {@code api/openapi-spec/v3}, pruned to
 * what validation needs, for every kind they declare. The published documents carry no enums, so the enums come
 * from the same module's generated OpenAPI source ({@code pkg/generated/openapi/zz_generated.openapi.go}), where
 * {@code +enum} types list their values; an empty value is accepted too, as the API server defaults it.
 */
final class SchemaGenerator {
    static final Path OUTPUT = Path.of("src/main/resources/dev/ballast/schema/kubernetes.json.gz");
    static final Path KUBE_MODULE = Path.of("hack/controlplane/kube");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEFINITION = Pattern.compile("^\\t\\t\"([^\"]+)\":\\s+(schema_\\w+)\\(ref\\),$");
    private static final Pattern FUNCTION = Pattern.compile("^func (schema_\\w+)\\(ref common\\.ReferenceCallback\\)");
    private static final Pattern PROPERTY = Pattern.compile("^\\t{5}\"([^\"]+)\": \\{$");
    private static final Pattern ENUM = Pattern.compile("^(\\t+)Enum:\\s+\\[\\]interface\\{\\}\\{(.*)\\},$");

    private SchemaGenerator() {
    }

    /** The k8s.io/kubernetes version hack/controlplane/kube/go.mod requires, e.g. v1.34.4. */
    static String pinnedVersion(Path root) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*(?:require\\s+)?k8s\\.io/kubernetes\\s+(v\\S+)")
                .matcher(Files.readString(root.resolve(KUBE_MODULE).resolve("go.mod")));
        if (!m.find()) {
            throw new IllegalStateException(KUBE_MODULE + "/go.mod requires no k8s.io/kubernetes version");
        }
        return m.group(1);
    }

    /**
     * The module's directory in the Go module cache, downloaded if needed (as {@code make controlplane} does).
     * Fails, saying why, when Go is missing or the download fails: the drift check never passes unchecked.
     */
    static Path moduleDir(String version) throws IOException, InterruptedException {
        // outside any module, so the control plane's go.mod and go.sum (its cache key) are never touched
        ProcessBuilder pb = new ProcessBuilder("go", "mod", "download", "-json", "k8s.io/kubernetes@" + version)
                .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile()).redirectErrorStream(true);
        pb.environment().put("GOTOOLCHAIN", "local");
        pb.environment().put("GOFLAGS", "");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("Go is needed to find k8s.io/kubernetes@" + version
                    + " (the control plane's module): " + e.getMessage(), e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0 || !out.stripLeading().startsWith("{")) {
            throw new IllegalStateException("go mod download k8s.io/kubernetes@" + version + " failed: " + out);
        }
        Path dir = Path.of(JSON.readTree(out).path("Dir").asText());
        if (!Files.isDirectory(dir.resolve("api/openapi-spec/v3"))) {
            throw new IllegalStateException(dir + " has no api/openapi-spec/v3");
        }
        return dir;
    }

    static ObjectNode generate(Path moduleDir, String version) throws IOException {
        Map<String, JsonNode> raw = new HashMap<>();
        try (Stream<Path> files = Files.list(moduleDir.resolve("api/openapi-spec/v3"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode schemas = JSON.readTree(file.toFile()).path("components").path("schemas");
                schemas.fields().forEachRemaining(s -> raw.putIfAbsent(s.getKey(), s.getValue()));
            }
        }
        addEnums(raw, moduleDir.resolve("pkg/generated/openapi/zz_generated.openapi.go"));
        TreeMap<String, String> kinds = new TreeMap<>();
        raw.forEach((name, schema) -> {
            if (!schema.path("properties").has("metadata")) {
                return; // DeleteOptions, WatchEvent: not objects anyone applies
            }
            for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                String kind = gvk.path("kind").asText();
                String group = gvk.path("group").asText();
                String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                if (!kind.endsWith("List")) {
                    kinds.put(apiVersion + " " + kind, name);
                }
            }
        });
        TreeMap<String, JsonNode> definitions = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(kinds.values());
        SchemaPruner pruner = SchemaPruner.builtIn();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (definitions.containsKey(name) || !raw.containsKey(name)) {
                continue;
            }
            JsonNode pruned = pruner.prune(raw.get(name));
            definitions.put(name, pruned);
            todo.addAll(pruned.findValuesAsText(SchemaPruner.REF));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("kubernetesVersion", version);
        root.put("source", "k8s.io/kubernetes@" + version + " api/openapi-spec/v3 (enums: pkg/generated/openapi); make schemas");
        ObjectNode kindNode = root.putObject("kinds");
        kinds.forEach(kindNode::put);
        ObjectNode definitionNode = root.putObject("definitions");
        definitions.forEach(definitionNode::set);
        return root;
    }

    /** Adds the enums of the generated Go OpenAPI definitions to the matching properties (or their items). */
    private static void addEnums(Map<String, JsonNode> raw, Path generatedGo) throws IOException {
        List<String> lines = Files.readAllLines(generatedGo);
        Map<String, String> definitionOfFunction = new HashMap<>();
        for (String line : lines) {
            Matcher d = DEFINITION.matcher(line);
            if (d.matches()) {
                definitionOfFunction.put(d.group(2), openApiName(d.group(1)));
            }
        }
        String definition = null;
        String property = null;
        boolean inItems = false;
        for (String line : lines) {
            Matcher f = FUNCTION.matcher(line);
            Matcher p = PROPERTY.matcher(line);
            Matcher e = ENUM.matcher(line);
            if (f.find()) {
                definition = definitionOfFunction.get(f.group(1));
                property = null;
            } else if (p.matches()) {
                property = p.group(1);
                inItems = false;
            } else if (line.startsWith("\t".repeat(7) + "Items:")) {
                inItems = true;
            } else if (e.matches() && definition != null && property != null) {
                JsonNode schema = raw.get(definition);
                JsonNode target = schema == null ? null : schema.path("properties").get(property);
                int depth = e.group(1).length();
                if (target != null && depth > 7 && inItems) {
                    target = target.get("items");
                } else if (depth != 7) {
                    target = null;
                }
                if (target instanceof ObjectNode node && "string".equals(node.path("type").asText())) {
                    ArrayNode values = node.putArray("enum");
                    values.add("");
                    for (String v : e.group(2).split(",")) {
                        values.add(JSON.readTree(v.trim()).asText());
                    }
                }
            }
        }
    }

    /** k8s.io/api/core/v1.Container → io.k8s.api.core.v1.Container (the OpenAPI documents' naming). */
    static String openApiName(String goName) {
        int slash = goName.indexOf('/');
        String host = goName.substring(0, slash);
        String[] parts = host.split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            reversed.append(parts[i]).append(i > 0 ? "." : "");
        }
        return reversed + goName.substring(slash).replace('/', '.');
    }

    static byte[] gzip(JsonNode root) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(JSON.writeValueAsBytes(root));
        }
        return bytes.toByteArray();
    }
}
