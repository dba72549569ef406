package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.kube.ClusterObjects;
import dev.ballast.kube.ManifestException;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The manifests of one audit, sorted by {@link ClusterObjects.Builder} into workloads, ConfigMaps/Secrets and the
 * context the rules read (including StabilityExceptions, judged at the time given), how many objects of other kinds
 * were ignored, and a warning for each object defined more than once (every copy is evaluated and counted).
 */
record AuditInput(ClusterObjects objects, int ignored, List<String> warnings) {

    static AuditInput of(List<Document> documents) {
        return of(documents, Instant.now());
    }

    static AuditInput of(List<Document> documents, Instant now) {
        return of(documents, now, doc -> false);
    }

    /** {@code schemaInvalid}: documents {@code --strict} reported, which are ignored rather than fatal when unmappable. */
    static AuditInput of(List<Document> documents, Predicate<Document> schemaInvalid) {
        return of(documents, Instant.now(), schemaInvalid);
    }

    private static AuditInput of(List<Document> documents, Instant now, Predicate<Document> schemaInvalid) {
        List<Mapped> mapped = new ArrayList<>(documents.size());
        for (Document doc : documents) {
            Mapped m = map(doc);
            mapped.add(m.problem() != null && schemaInvalid.test(doc) ? new Mapped(new ClusterObjects.View(null), null) : m);
        }
        return ofMapped(mapped, now);
    }

    /** Documents mapped as they were read ({@link #map}), in input order. */
    static AuditInput ofMapped(List<Mapped> documents) {
        return ofMapped(documents, Instant.now());
    }

    private static AuditInput ofMapped(List<Mapped> documents, Instant now) {
        ClusterObjects.Builder builder = new ClusterObjects.Builder();
        int ignored = 0;
        for (Mapped doc : documents) {
            if (doc.problem() != null) {
                throw doc.problem();
            }
            if (!builder.add(doc.view())) {
                ignored++;
            }
        }
        ClusterObjects objects = builder.buildComplete(now);
        List<ResourceRef> evaluated = new ArrayList<>();
        objects.workloads().forEach(w -> evaluated.add(w.ref()));
        objects.configObjects().forEach(c -> evaluated.add(c.ref()));
        return new AuditInput(objects, ignored, duplicates(evaluated));
    }

    /**
     * One document's engine view, or why it cannot be read: made on the thread that parsed it, so its tree can go;
     * the problem is reported only when the document's turn comes, as if documents were mapped one by one.
     */
    record Mapped(ClusterObjects.View view, InputException problem) {
    }

    static Mapped map(Document doc) {
        try {
            return new Mapped(ClusterObjects.Builder.map(doc.object(), SourceRef.file(doc.file(), doc.line())), null);
        } catch (ManifestException e) {
            return new Mapped(null, InputException.at(doc.file(), doc.line(), doc.kind() + " " + name(doc.object()) + ": "
                    + e.getMessage()));
        }
    }

    private static List<String> duplicates(List<ResourceRef> refs) {
        Map<String, ResourceRef> first = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ResourceRef ref : refs) {
            ResourceRef earlier = first.putIfAbsent(ref.display(), ref);
            if (earlier != null) {
                warnings.add(ref.display() + " is defined twice: " + where(earlier.source()) + " and " + where(ref.source())
                        + "; both are evaluated and counted");
            }
        }
        return List.copyOf(warnings);
    }

    private static String where(SourceRef source) {
        return source.file() + ":" + source.line();
    }

    private static String name(JsonNode o) {
        String name = o.path("metadata").path("name").asText("");
        return name.isEmpty() ? "(unnamed)" : "\"" + name + "\"";
    }
}
