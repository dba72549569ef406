package dev.ballast.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The JVM flags and memory limit the shipped manifests give a Ballast process, read from manifests/ (so tests and
 * benches stay in step with them). {@code -XX:MaxRAM} is set to the container limit so percentage flags size the heap
 * as they would in the pod.
 */
public record ShippedJvm(String deployment, List<String> flags, long memoryLimitBytes) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The process serving the webhook: the Deployment named like the webhook when the roles are split, else Ballast's. */
    static ShippedJvm webhook(Path root) throws IOException {
        return of(root, "webhook");
    }

    /** The process reconciling policies: the Deployment named like the controller when the roles are split, else Ballast's. */
    public static ShippedJvm controller(Path root) throws IOException {
        return of(root, "controller");
    }

    private static ShippedJvm of(Path root, String role) throws IOException {
        List<JsonNode> deployments = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("manifests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                        if (doc != null && "Deployment".equals(doc.path("kind").asText())) {
                            deployments.add(doc);
                        }
                    });
                }
            }
        }
        JsonNode chosen = deployments.stream().filter(d -> d.path("metadata").path("name").asText().contains(role)).findFirst()
                .orElseGet(() -> deployments.stream().filter(d -> d.path("metadata").path("name").asText().startsWith("ballast"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("manifests/: no Ballast Deployment")));
        String name = chosen.path("metadata").path("name").asText();
        JsonNode container = chosen.path("spec").path("template").path("spec").path("containers").path(0);
        String options = "";
        for (JsonNode env : container.path("env")) {
            if (List.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS").contains(env.path("name").asText())) {
                options = env.path("value").asText();
            }
        }
        if (options.isBlank()) {
            throw new IllegalStateException("manifests/: Deployment " + name + " sets no JAVA_TOOL_OPTIONS / JAVA_OPTS");
        }
        String limit = container.path("resources").path("limits").path("memory").asText("");
        if (limit.isEmpty()) {
            throw new IllegalStateException("manifests/: Deployment " + name + " has no memory limit");
        }
        long bytes = bytes(limit);
        List<String> flags = new ArrayList<>(List.of(options.trim().split("\\s+")));
        flags.add("-XX:MaxRAM=" + bytes);
        return new ShippedJvm(name, List.copyOf(flags), bytes);
    }

    public static long bytes(String quantity) {
        String q = quantity.trim();
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}};
        for (String[] unit : units) {
            if (q.endsWith(unit[0])) {
                return Long.parseLong(q.substring(0, q.length() - unit[0].length())) * Long.parseLong(unit[1]);
            }
        }
        return Long.parseLong(q.toLowerCase(Locale.ROOT));
    }
}
