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
        ClusterObjects.Builder builder = new ClusterObjects.Builder();
        int ignored = 0;
        for (Document doc : documents) {
            try {
                if (!builder.add(doc.object(), SourceRef.file(doc.file(), doc.line()))) {
                    ignored++;
                }
            } catch (ManifestException e) {
                if (!schemaInvalid.test(doc)) {
                    throw InputException.at(doc.file(), doc.line(), doc.kind() + " " + name(doc.object()) + ": " + e.getMessage());
                }
                ignored++;
            }
        }
        ClusterObjects objects = builder.buildComplete(now);
        List<ResourceRef> evaluated = new ArrayList<>();
        objects.workloads().forEach(w -> evaluated.add(w.ref()));
        objects.configObjects().forEach(c -> evaluated.add(c.ref()));
        return new AuditInput(objects, ignored, duplicates(evaluated));
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
