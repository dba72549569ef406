package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.report.FindingLines;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.schema.SchemaCatalog;
import dev.ballast.schema.SchemaValidator;
import dev.ballast.schema.SchemaViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ballast audit --strict}: every document against the schema of its kind (Kubernetes' own, Ballast's CRDs,
 * and those of {@code --crd}), as rule {@code schema-invalid}, one result per document at the line of each bad
 * field. A kind with no known schema is one {@code skip} (on its first document), or nothing with
 * {@code --ignore-missing-schemas}.
 */
final class StrictCheck {
    /** What the findings carry where policy findings carry their policy's name. */
    static final String SOURCE = "strict";
    private final SchemaCatalog catalog;
    private final SchemaValidator validator;
    private final boolean ignoreMissingSchemas;
    private final InputLimits limits;

    StrictCheck(SchemaCatalog catalog, boolean ignoreMissingSchemas, InputLimits limits) {
        this.catalog = catalog;
        this.validator = new SchemaValidator(catalog);
        this.ignoreMissingSchemas = ignoreMissingSchemas;
        this.limits = limits;
    }

    /** The shipped schemas plus every CRD of {@code crds} (files or directories); anything else there is an error. */
    static StrictCheck of(List<Path> crds, boolean ignoreMissingSchemas, InputLimits limits) {
        SchemaCatalog.Builder catalog = SchemaCatalog.shipped();
        TreeReader.Factories factories = TreeReader.Factories.of(limits);
        for (Path crd : crds) {
            List<Path> files = Files.isDirectory(crd) ? ManifestReader.filesUnder(crd) : List.of(crd);
            if (files.isEmpty()) {
                throw new InputException(crd + ": directory holds no *.yaml, *.yml or *.json file (--crd)");
            }
            for (Path file : files) {
                List<Document> documents = TreeReader.read(file.toString(), InputText.read(file, limits),
                        file.toString().endsWith(".json"), factories, limits, false);
                if (documents.isEmpty()) {
                    throw new InputException(file + ": no CustomResourceDefinition read (--crd)");
                }
                for (Document doc : documents) {
                    try {
                        catalog.addCrd(doc.object());
                    } catch (IllegalArgumentException e) {
                        throw InputException.at(doc.file(), doc.line(), e.getMessage() + "; --crd takes CustomResourceDefinitions");
                    }
                }
            }
        }
        return new StrictCheck(catalog.build(), ignoreMissingSchemas, limits);
    }

    /** The schema results, and the line of each finding. */
    record Outcome(List<Evaluation> evaluations, FindingLines lines, Set<Document> invalid) {
    }

    Outcome check(List<Document> documents) {
        List<Evaluation> evaluations = new ArrayList<>();
        Map<Finding, Integer> lines = new IdentityHashMap<>();
        Set<String> missingReported = new HashSet<>();
        Set<Document> invalid = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Integer> documentsSeen = new HashMap<>();
        Map<String, List<Document>> withLines = new HashMap<>();
        // validating is pure and per document: on every core from Evaluator.PARALLEL_FROM up, in input order
        List<Optional<List<SchemaViolation>>> judged = (documents.size() >= Evaluator.PARALLEL_FROM
                ? documents.parallelStream() : documents.stream()).map(doc -> violations(doc.object())).toList();
        for (int d = 0; d < documents.size(); d++) {
            Document doc = documents.get(d);
            int index = documentsSeen.merge(doc.file(), 1, Integer::sum) - 1;
            String kind = text(doc.object(), "kind");
            if (judged.get(d).isEmpty()) { // no schema for its kind
                String apiVersion = text(doc.object(), "apiVersion");
                if (!ignoreMissingSchemas && missingReported.add(apiVersion + " " + kind)) {
                    evaluations.add(new Evaluation(SOURCE, ref(doc, kind), List.of(new RuleResult(RuleId.SCHEMA_INVALID,
                            Result.SKIP, List.of(new Finding(null, null, "no schema for " + apiVersion + " " + kind
                            + " (Kubernetes " + catalog.kubernetesVersion() + "); pass --crd with its CustomResourceDefinition, "
                            + "or --ignore-missing-schemas"))))));
                }
                continue;
            }
            List<SchemaViolation> violations = judged.get(d).get();
            List<Finding> findings = new ArrayList<>();
            for (SchemaViolation v : violations) {
                Finding f = new Finding(null, v.field(), v.message());
                lines.put(f, withLines(doc, index, withLines).lineOf(v.field()));
                findings.add(f);
            }
            if (violations.size() >= SchemaValidator.MAX_VIOLATIONS) {
                findings.add(new Finding(null, null, "only the first " + SchemaValidator.MAX_VIOLATIONS
                        + " schema errors of this object are listed"));
            }
            if (!findings.isEmpty()) {
                invalid.add(doc);
            }
            evaluations.add(new Evaluation(SOURCE, ref(doc, kind.isEmpty() ? "(no kind)" : kind), List.of(new RuleResult(
                    RuleId.SCHEMA_INVALID, findings.isEmpty() ? Result.PASS : Result.FAIL, findings))));
        }
        return new Outcome(evaluations, (subject, finding) -> lines.getOrDefault(finding, 0), invalid);
    }

    /** What is wrong with {@code o} against the schema of its kind, or empty when no schema is known for it. */
    private Optional<List<SchemaViolation>> violations(JsonNode o) {
        String apiVersion = text(o, "apiVersion");
        String kind = text(o, "kind");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            List<SchemaViolation> missing = new ArrayList<>();
            if (apiVersion.isEmpty()) {
                missing.add(new SchemaViolation("apiVersion", "missing required field"));
            }
            if (kind.isEmpty()) {
                missing.add(new SchemaViolation("kind", "missing required field"));
            }
            return Optional.of(missing);
        }
        Optional<List<String>> servedAs = catalog.unservedBuiltIn(apiVersion, kind);
        if (servedAs.isPresent()) {
            return Optional.of(List.of(new SchemaViolation("apiVersion", apiVersion + " " + kind + " is not served by Kubernetes "
                    + catalog.kubernetesVersion() + (servedAs.get().isEmpty() ? " (no such kind in that API group)"
                    : " (served as " + String.join(", ", servedAs.get()) + ")"))));
        }
        return catalog.schemaOf(apiVersion, kind).map(schema -> validator.validate(o, schema));
    }

    private static String text(JsonNode o, String field) {
        return o.path(field).isTextual() ? o.get(field).asText() : "";
    }

    /**
     * The document with its field lines: stdin's were recorded while reading; a file is read again, once, when one
     * of its documents has a finding (so valid input costs no line maps). Its first line if that fails.
     */
    private Document withLines(Document doc, int index, Map<String, List<Document>> cache) {
        if (!doc.lines().isEmpty() || ManifestReader.STDIN.equals(doc.file())) {
            return doc;
        }
        List<Document> reread = cache.computeIfAbsent(doc.file(), file -> {
            try {
                return ManifestReader.withLines(Path.of(file), limits);
            } catch (InputException changedSinceRead) {
                return List.of();
            }
        });
        return index < reread.size() ? reread.get(index) : doc;
    }

    /** The object as the policy evaluations name it (a manifest without a namespace is in default). */
    private static ResourceRef ref(Document doc, String kind) {
        JsonNode metadata = doc.object().path("metadata");
        String namespace = metadata.path("namespace").asText("");
        String name = metadata.path("name").asText("");
        return new ResourceRef(kind, namespace.isEmpty() ? "default" : namespace, name.isEmpty() ? "(unnamed)" : name,
                SourceRef.file(doc.file(), doc.line()));
    }
}
