package dev.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ballast.rules.catalog.RuleId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD committed under crds/ must equal the one the build generates from dev.ballast.api, except that printer
 * columns are put in the order users read them (the generator sorts them by name). {@code make crds} rewrites the
 * committed file through the same code ({@code -Dballast.crd.update=true}).
 */
class CrdDriftIT {
    static final String FILE = "stabilitypolicies.ballast.dev-v1.yml";
    static final String EXCEPTION_FILE = "stabilityexceptions.ballast.dev-v1.yml";
    static final List<String> COLUMN_ORDER = List.of("Ready", "Mode", "Workloads", "Violations", "Score", "Age");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    static Path root() {
        return Path.of(System.getProperty("ballast.root", "."));
    }

    static JsonNode curated() throws Exception {
        return curated(FILE);
    }

    static JsonNode curated(String file) throws Exception {
        JsonNode generated = YAML.readTree(root().resolve("target/kubernetes").resolve(file).toFile());
        if (!FILE.equals(file)) {
            return generated;
        }
        for (JsonNode version : generated.path("spec").path("versions")) {
            ArrayNode columns = (ArrayNode) version.get("additionalPrinterColumns");
            List<JsonNode> sorted = new ArrayList<>();
            columns.forEach(sorted::add);
            sorted.sort((a, b) -> COLUMN_ORDER.indexOf(a.get("name").asText()) - COLUMN_ORDER.indexOf(b.get("name").asText()));
            columns.removeAll();
            columns.addAll(sorted);
        }
        return generated;
    }

    /**
     * crds/ for users who install only the API; manifests/ so `kubectl apply -f manifests/` installs everything; the
     * Helm chart's copy (a chart can read only its own files).
     */
    static final java.util.Map<String, List<Path>> COMMITTED = java.util.Map.of(
            FILE, List.of(Path.of("crds", FILE), Path.of("manifests", "10-crd-stabilitypolicies.yaml"),
                    Path.of("charts", "ballast", "files", "crds", "stabilitypolicies.yaml")),
            EXCEPTION_FILE, List.of(Path.of("crds", EXCEPTION_FILE), Path.of("manifests", "11-crd-stabilityexceptions.yaml"),
                    Path.of("charts", "ballast", "files", "crds", "stabilityexceptions.yaml")));

    @Test
    void committedCrdMatchesTheBuild() throws Exception {
        for (var crd : COMMITTED.entrySet()) {
            committedMatches(curated(crd.getKey()), crd.getValue());
        }
    }

    private static void committedMatches(JsonNode expected, List<Path> committedCopies) throws Exception {
        for (Path relative : committedCopies) {
            Path committed = root().resolve(relative);
            if (Boolean.getBoolean("ballast.crd.update")) {
                Files.writeString(committed, "# Generated from dev.ballast.api by `make crds`; do not edit by hand.\n"
                        + YAML.writeValueAsString(expected));
            }
            assertThat(YAML.readTree(committed.toFile()))
                    .as("%s is stale: run `make crds` and commit the result", relative)
                    .isEqualTo(expected);
        }
    }

    @Test
    void crdIsStrictAndDocumented() throws Exception {
        JsonNode version = curated().path("spec").path("versions").get(0);
        assertThat(version.path("additionalPrinterColumns").findValuesAsText("name")).containsExactlyElementsOf(COLUMN_ORDER);
        JsonNode root = version.path("schema").path("openAPIV3Schema");
        assertThat(root.path("required").toString()).as("a policy without spec is refused by the API server").contains("\"spec\"");
        assertThat(version.path("additionalPrinterColumns").get(0).path("jsonPath").asText())
                .isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
        JsonNode spec = root.path("properties").path("spec");
        JsonNode ruleEnum = spec.path("properties").path("exemptions").path("items").path("properties").path("rules")
                .path("items").path("enum");
        List<String> ids = new ArrayList<>();
        ruleEnum.forEach(n -> ids.add(n.asText()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(Arrays.stream(RuleId.values()).map(RuleId::id).toList());
        assertThat(spec.path("properties").path("mode").path("enum").toString()).contains("Audit", "Warn", "Enforce");
        assertEveryFieldDescribed(spec.path("properties").path("rules"), "spec.rules");
        assertThat(spec.path("properties").path("annotationExemptions").path("enum").toString()).contains("Allow", "Deny");
    }

    @Test
    void stabilityExceptionIsNamespacedStrictAndDocumented() throws Exception {
        JsonNode crd = curated(EXCEPTION_FILE);
        assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.path("spec").path("names").path("shortNames").toString()).contains("stabex");
        JsonNode spec = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema").path("properties")
                .path("spec");
        assertThat(spec.path("required").toString()).contains("reason", "expires");
        assertThat(spec.path("properties").path("expires").path("pattern").asText()).isNotBlank();
        List<String> ids = new ArrayList<>();
        spec.path("properties").path("rules").path("items").path("enum").forEach(n -> ids.add(n.asText()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(Arrays.stream(RuleId.values()).map(RuleId::id).toList());
        assertEveryFieldDescribed(spec, "spec");
    }

    private static void assertEveryFieldDescribed(JsonNode schema, String path) {
        JsonNode properties = schema.path("properties");
        properties.fields().forEachRemaining(e -> {
            assertThat(e.getValue().path("description").asText()).as(path + "." + e.getKey() + " description").isNotBlank();
            assertEveryFieldDescribed(e.getValue(), path + "." + e.getKey());
        });
    }

    @Test
    void rangesMatchTheSpec() throws Exception {
        JsonNode rules = curated().path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
                .path("properties").path("spec").path("properties").path("rules").path("properties");
        JsonNode readiness = rules.path("probes").path("properties").path("readiness").path("properties");
        assertThat(readiness.path("maxTimeoutSeconds").path("minimum").asInt()).isEqualTo(1);
        assertThat(readiness.path("maxTimeoutSeconds").path("maximum").asInt()).isEqualTo(600);
        assertThat(readiness.path("minFailureThreshold").path("maximum").asInt()).isEqualTo(100);
        assertThat(rules.path("autoscaling").path("properties").path("maxTargetCPUUtilization").path("maximum").asInt())
                .isEqualTo(100);
        ObjectNode sec = (ObjectNode) rules.path("securityContext").path("properties").path("seccompProfile");
        assertThat(sec.path("enum").toString()).contains("RuntimeDefault", "Localhost");
    }
}
