package dev.ballast.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped Kubernetes schema must equal what {@link SchemaGenerator} derives from the module the control plane
 * pins; {@code make schemas} rewrites it through the same code ({@code -Dballast.schemas.update=true}). Needs Go and
 * the module (downloaded if missing, as {@code make controlplane} does): without them this fails, never skips.
 */
class SchemaDriftIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() {
        return Path.of(System.getProperty("ballast.root", "."));
    }

    @Test
    void shippedSchemaMatchesThePinnedKubernetes() throws Exception {
        String version = SchemaGenerator.pinnedVersion(root());
        JsonNode generated = SchemaGenerator.generate(SchemaGenerator.moduleDir(version), version);
        Path committed = root().resolve(SchemaGenerator.OUTPUT);
        if (Boolean.getBoolean("ballast.schemas.update")) {
            Files.createDirectories(committed.getParent());
            Files.write(committed, SchemaGenerator.gzip(generated));
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(committed))) {
            assertThat(JSON.readTree(in)).as("%s is stale for k8s.io/kubernetes@%s: run `make schemas` and commit it",
                    SchemaGenerator.OUTPUT, version).isEqualTo(generated);
        }
        assertThat(generated.path("kinds").path("apps/v1 Deployment").asText()).isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(generated.path("definitions").path("io.k8s.api.core.v1.Container").path("properties")
                .path("imagePullPolicy").path("enum").toString()).contains("IfNotPresent");
    }

    @Test
    void everyBallastCrdIsShipped() throws Exception {
        try (Stream<Path> crds = Files.list(root().resolve("crds"))) {
            List<String> names = crds.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml")).toList();
            assertThat(SchemaCatalog.BALLAST_CRDS).as("SchemaCatalog.BALLAST_CRDS lists every file of crds/")
                    .containsExactlyInAnyOrderElementsOf(names);
        }
    }
}
