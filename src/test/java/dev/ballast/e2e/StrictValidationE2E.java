package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast audit --strict} against the API server's own verdict: every document of the public corpus and a set
 * of deliberately broken ones, each on its own, through {@code kubectl apply --dry-run=server --validate=strict} on
 * the local control plane and through one strict audit. Same verdict per document: nothing the API server accepts
 * is schema-invalid, everything it rejects is. A kind the server does not know is judged by its group: in one of
 * Kubernetes' own groups (apps/v1beta1) Ballast fails it as not served; otherwise (a CRD not installed) both sides
 * lack its schema, so Ballast skips the kind. No document here differs for a reason beyond the schema (admission,
 * Go validation of values): there is no allow-list of differences, so one would fail this test. The one deliberate
 * difference, duplicate keys, has its own test below.
 */
class StrictValidationE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Path CORPUS = Path.of("src/test/resources/corpus");
    static final Path BROKEN = Path.of("src/test/resources/strict/e2e");
    static final Path WIDGET_CRD = Path.of("src/test/resources/strict/widget-crd.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path docs;

    /** One document in a file of its own, with where it came from. */
    record Doc(Path file, String origin, String apiVersion, String kind) {
        String group() {
            int slash = apiVersion.indexOf('/');
            return slash < 0 ? "" : apiVersion.substring(0, slash);
        }
    }

    static final List<Doc> DOCUMENTS = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        cluster.installCrds(WIDGET_CRD.toString());
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> corpus = Files.walk(CORPUS); Stream<Path> broken = Files.list(BROKEN)) {
            sources.addAll(corpus.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
            sources.addAll(broken.sorted().toList());
        }
        Set<String> namespaces = new TreeSet<>();
        for (Path source : sources) {
            String[] chunks = Files.readString(source).split("(?m)^---[^\\n]*(\\n|$)");
            for (int i = 0; i < chunks.length; i++) {
                JsonNode object = YAML.readTree(chunks[i]);
                if (object == null || !object.isObject()) {
                    continue; // an empty document or comments only
                }
                Path file = docs.resolve(String.format("%03d-%s-%d.yaml", DOCUMENTS.size(),
                        source.getFileName().toString().replace(".yaml", ""), i));
                Files.writeString(file, chunks[i]);
                DOCUMENTS.add(new Doc(file, source + " document " + (i + 1), object.path("apiVersion").asText(),
                        object.path("kind").asText()));
                String namespace = object.path("metadata").path("namespace").asText("");
                if (!namespace.isEmpty()) {
                    namespaces.add(namespace);
                }
            }
        }
        for (String namespace : namespaces) {
            var create = cluster.kubectl("create", "namespace", namespace);
            assertThat(create.code() == 0 || create.err().contains("AlreadyExists")).as(create.all()).isTrue();
        }
    }

    @AfterAll
    static void removeWidgetCrd() {
        cluster.kubectl("delete", "-f", WIDGET_CRD.toString(), "--ignore-not-found");
    }

    enum Verdict { ACCEPTED, REJECTED, NO_SCHEMA }

    @Test
    void ballastAndTheApiServerGiveTheSameVerdictPerDocument() throws Exception {
        assertThat(DOCUMENTS).as("the corpus' 110 documents (less empty ones) and the broken set").hasSizeGreaterThan(110);
        var audit = ControlPlane.Command.run(cluster.plane().root(), Duration.ofMinutes(5), null, List.of("bin/ballast",
                "audit", "-f", docs.toString(), "--strict", "--crd", WIDGET_CRD.toString(), "--format", "json", "--fail-on", "none"));
        assertThat(audit.code()).as(audit.all()).isZero();
        Map<String, List<String>> failures = new HashMap<>();
        Set<String> skippedKinds = new HashSet<>();
        for (JsonNode f : JSON.readTree(audit.out()).path("findings")) {
            if (!f.path("rule").asText().equals("schema-invalid")) {
                continue;
            }
            if (f.path("result").asText().equals("fail")) {
                failures.computeIfAbsent(f.path("file").asText(), k -> new ArrayList<>()).add(f.path("message").asText());
            } else {
                skippedKinds.add(f.path("message").asText().replaceFirst("^no schema for (\\S+ \\S+) .*", "$1"));
            }
        }
        Set<String> servedGroups = new HashSet<>();
        cluster.kubectl("api-versions").out().lines()
                .forEach(v -> servedGroups.add(v.contains("/") ? v.substring(0, v.indexOf('/')) : ""));

        Map<Doc, ControlPlane.Command.Result> server = dryRunEach();
        List<String> differences = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        int noSchema = 0;
        for (Doc doc : DOCUMENTS) {
            var result = server.get(doc);
            String message = result.err().trim();
            Verdict verdict = result.code() == 0 ? Verdict.ACCEPTED
                    : message.contains("no matches for kind") && !servedGroups.contains(doc.group()) ? Verdict.NO_SCHEMA
                    : Verdict.REJECTED;
            List<String> found = failures.getOrDefault(doc.file().toString(), List.of());
            String ballast = found.isEmpty() ? "no schema-invalid finding" : String.join("; ", found);
            switch (verdict) {
                case ACCEPTED -> {
                    accepted++;
                    if (!found.isEmpty()) {
                        differences.add(doc.origin() + ": the API server accepts it, Ballast says " + ballast);
                    }
                }
                case REJECTED -> {
                    rejected++;
                    if (found.isEmpty()) {
                        differences.add(doc.origin() + ": the API server rejects it (" + message + "), Ballast finds nothing");
                    }
                }
                case NO_SCHEMA -> {
                    noSchema++;
                    if (!found.isEmpty() || !skippedKinds.contains(doc.apiVersion() + " " + doc.kind())) {
                        differences.add(doc.origin() + ": no CRD for " + doc.apiVersion() + " " + doc.kind()
                                + " on either side, but Ballast says " + ballast + " and skipped " + skippedKinds);
                    }
                }
            }
        }
        assertThat(differences).as("documents judged differently").isEmpty();
        assertThat(accepted).as("accepted").isGreaterThan(80);
        assertThat(rejected).as("rejected: the broken set and the corpus' removed API versions").isGreaterThanOrEqualTo(28);
        assertThat(noSchema).as("custom resources whose CRD is not installed").isGreaterThanOrEqualTo(4);
    }

    /** Each document through the API server's strict validation, three at a time (each kubectl is a process). */
    private static Map<Doc, ControlPlane.Command.Result> dryRunEach() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Map<Doc, Future<ControlPlane.Command.Result>> pending = new HashMap<>();
            for (Doc doc : DOCUMENTS) {
                pending.put(doc, pool.submit(() -> cluster.kubectl("apply", "--dry-run=server", "--validate=strict",
                        "-f", doc.file().toString())));
            }
            Map<Doc, ControlPlane.Command.Result> results = new HashMap<>();
            for (var entry : pending.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The one verdict that differs, on purpose and not a schema matter: {@code kubectl apply} reads YAML into a map
     * before sending it, so a duplicate key silently keeps its last value even under {@code --validate=strict} (the
     * server's duplicate-field check never sees it). Ballast refuses the file, naming the key and its line, as it does
     * without {@code --strict}: which of the two values was meant is not known.
     */
    @Test
    void aDuplicateKeyKeepsItsLastValueInKubectlAndIsAnErrorInBallast() throws Exception {
        Path file = docs.resolve("duplicate-key.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: duplicate-key}
                data: {a: "1"}
                data: {b: "2"}
                """);
        var server = cluster.kubectl("apply", "--dry-run=server", "--validate=strict", "-f", file.toString(),
                "-o", "jsonpath={.data}");
        assertThat(server.code()).as(server.all()).isZero();
        assertThat(server.out()).isEqualTo("{\"b\":\"2\"}");
        var audit = ControlPlane.Command.run(cluster.plane().root(), Duration.ofMinutes(2), null,
                List.of("bin/ballast", "audit", "-f", file.toString(), "--strict"));
        assertThat(audit.code()).isEqualTo(2);
        assertThat(audit.err()).contains(file + ":5: duplicate key \"data\"");
    }
}
