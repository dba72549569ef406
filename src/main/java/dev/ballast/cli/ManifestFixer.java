package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.fix.EditableManifest;
import dev.ballast.fix.PatchException;
import dev.ballast.fix.PatchMaterializer;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.ResultFinding;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.VersionedObject;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.repair.PatchOperation;
import dev.ballast.rules.repair.Repair;
import dev.ballast.rules.repair.RepairPlan;
import dev.ballast.rules.repair.Repairer;
import dev.ballast.rules.repair.Unrepairable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ballast fix} without the I/O: audits the given file texts as {@code ballast audit} does, asks the engine's
 * {@link Repairer} for each failing workload's repairs and applies them to the text of the document (or List item)
 * each object came from, keeping every other line as it was. Then audits the result to say what is left, each
 * violation once, with the reason the fixer gave for not repairing it.
 */
final class ManifestFixer {
    private final List<Policy> policies;
    private final InputLimits limits;
    private final TreeReader.Factories factories;

    /** Where an object's text is: a file, its document index (non-empty documents), and a List item's pointer. */
    private record Location(String file, int document, String prefix) {
    }

    private record Source(String text, boolean json, EditableManifest manifest) {
    }

    /**
     * The fixed texts (only files that changed), what was repaired (in file and line order), and every violation left
     * after the fix, with why it was not repaired.
     */
    record Result(Map<String, String> fixed, List<String> repaired, List<String> remaining) {
    }

    /** A line to print, ordered by where its object is. */
    private record Line(ResourceRef at, String text) {
        static final java.util.Comparator<Line> ORDER = java.util.Comparator
                .comparing((Line l) -> l.at().source() == null ? "" : l.at().source().file())
                .thenComparingInt(l -> l.at().source() == null ? 0 : l.at().source().line());
    }

    ManifestFixer(List<Policy> policies, InputLimits limits) {
        this.policies = policies;
        this.limits = limits;
        this.factories = TreeReader.Factories.of(limits);
    }

    /**
     * {@code texts}: file name to content, in the order to report them. {@code written}: whether the fixed texts will
     * be written; the lines named for what is left are then those of the fixed files, else those of the files as given.
     */
    Result fix(Map<String, String> texts, boolean written) {
        Map<String, Source> sources = new LinkedHashMap<>();
        Map<String, Location> locations = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        List<Document> documents = read(texts, sources, locations, ambiguous);
        AuditInput input = AuditInput.of(documents);
        Map<String, Workload> workloads = new HashMap<>();
        input.objects().workloads().forEach(w -> workloads.put(key(w.ref()), w));
        Map<String, VersionedObject> versioned = new HashMap<>();
        input.objects().versionedObjects().forEach(v -> versioned.put(key(v.ref()), v));
        Map<String, Policy> byName = new HashMap<>();
        policies.forEach(p -> byName.put(p.name(), p));

        Map<Location, List<PatchOperation>> operations = new LinkedHashMap<>();
        List<Line> repaired = new ArrayList<>();
        Map<String, String> reasons = new HashMap<>(); // object, rule and container -> why not repaired
        Map<String, ResourceRef> given = new HashMap<>(); // object -> where it is in the files as given
        for (Evaluation e : AuditCommand.evaluate(policies, input)) {
            given.putIfAbsent(identity(e.subject()), e.subject());
            Workload w = workloads.get(key(e.subject()));
            VersionedObject v = w == null ? versioned.get(key(e.subject())) : null;
            if ((w == null && v == null) || e.compliant()) {
                continue;
            }
            RepairPlan plan = w != null ? Repairer.plan(byName.get(e.policy()), w, e, input.objects().context())
                    : Repairer.plan(v, e);
            for (Repair r : plan.repairs()) {
                Location at = ambiguous.contains(key(r.target())) ? null : locations.get(key(r.target()));
                if (at == null) {
                    reasons.putIfAbsent(reasonKey(r.target(), r.rule().id(), r.container()),
                            "not applied: the object's text could not be told apart from another's");
                    continue;
                }
                List<PatchOperation> ops = operations.computeIfAbsent(at, l -> new ArrayList<>());
                r.operations().forEach(op -> ops.add(op.under(at.prefix())));
                repaired.add(new Line(r.target(), where(r.target()) + ": " + r.rule().id() + ": " + r.summary()));
            }
            for (Unrepairable u : plan.unrepairable()) {
                reasons.putIfAbsent(reasonKey(e.subject(), u.rule().id(), u.container()), u.reason());
                reasons.putIfAbsent(reasonKey(e.subject(), u.rule().id(), null), u.reason());
            }
        }
        Map<String, String> fixed = apply(sources, operations);
        Map<String, String> after = new LinkedHashMap<>(texts);
        after.putAll(fixed);
        repaired.sort(Line.ORDER);
        return new Result(fixed, dedupe(repaired.stream().map(Line::text).toList()),
                remaining(after, reasons, written || fixed.isEmpty() ? Map.of() : given));
    }

    /** An object by file, kind, namespace and name: the same before and after the fix (its line may move). */
    private static String identity(ResourceRef ref) {
        return (ref.source() == null ? "" : ref.source().file()) + ":" + ref.kind() + ":" + ref.namespace() + "/" + ref.name();
    }

    private static String reasonKey(ResourceRef object, String rule, String container) {
        return identity(object) + ":" + rule + ":" + container;
    }

    private List<Document> read(Map<String, String> texts, Map<String, Source> sources, Map<String, Location> locations,
                                Set<String> ambiguous) {
        List<Document> out = new ArrayList<>();
        texts.forEach((file, text) -> {
            boolean json = file.endsWith(".json");
            List<Document> docs = TreeReader.read(file, text, json, factories, limits, true);
            EditableManifest manifest;
            try {
                manifest = EditableManifest.parse(text, json);
            } catch (PatchException e) {
                throw new InputException(file + ": cannot edit: " + e.getMessage());
            }
            if (manifest.documents().size() != docs.size()) {
                throw new InputException(file + ": cannot edit: its documents read differently for editing ("
                        + manifest.documents().size() + " instead of " + docs.size() + ")");
            }
            sources.put(file, new Source(text, json, manifest));
            for (int i = 0; i < docs.size(); i++) {
                int document = i;
                objects(docs.get(i), (object, prefix) -> {
                    index(object, new Location(file, document, prefix), locations, ambiguous);
                    out.add(object);
                });
            }
        });
        return out;
    }

    /** The objects of a document: itself, or each item of a List (at its own line) with its JSON Pointer. */
    private static void objects(Document doc, java.util.function.BiConsumer<Document, String> out) {
        if (!doc.isList()) {
            out.accept(doc, "");
            return;
        }
        JsonNode items = doc.object().path("items");
        for (int j = 0; j < items.size(); j++) {
            out.accept(new Document(items.get(j), doc.file(), doc.lineOf("items[" + j + "]")), "/items/" + j);
        }
    }

    private static void index(Document doc, Location at, Map<String, Location> locations, Set<String> ambiguous) {
        JsonNode metadata = doc.object().path("metadata");
        String key = doc.file() + ":" + doc.line() + ":" + doc.kind() + ":" + metadata.path("name").asText("");
        if (locations.putIfAbsent(key, at) != null) {
            ambiguous.add(key);
        }
    }

    private static String key(ResourceRef ref) {
        return ref.source() == null ? "" : ref.source().file() + ":" + ref.source().line() + ":" + ref.kind() + ":" + ref.name();
    }

    private static Map<String, String> apply(Map<String, Source> sources, Map<Location, List<PatchOperation>> operations) {
        Map<String, Map<Integer, List<PatchOperation>>> byFile = new LinkedHashMap<>();
        operations.forEach((at, ops) -> byFile.computeIfAbsent(at.file(), f -> new TreeMap<>())
                .computeIfAbsent(at.document(), d -> new ArrayList<>()).addAll(ops));
        Map<String, String> fixed = new LinkedHashMap<>();
        byFile.forEach((file, byDocument) -> {
            Source source = sources.get(file);
            Map<Integer, List<PatchOperation>> valid = new TreeMap<>();
            try {
                byDocument.forEach((d, ops) -> valid.put(d, PatchMaterializer.materialize(source.manifest().documents().get(d), ops)));
                String text = source.manifest().apply(valid);
                if (!text.equals(source.text())) {
                    fixed.put(file, text);
                }
            } catch (PatchException e) {
                throw new InputException(file + ": cannot edit: " + e.getMessage());
            }
        });
        return fixed;
    }

    /**
     * Every failure an audit of {@code texts} reports, one line each with the reason it was not repaired; located as
     * in {@code given} where an object is there (the files as given, when the fix is not written).
     */
    private List<String> remaining(Map<String, String> texts, Map<String, String> reasons, Map<String, ResourceRef> given) {
        List<Document> documents = new ArrayList<>();
        texts.forEach((file, text) -> {
            for (Document doc : TreeReader.read(file, text, file.endsWith(".json"), factories, limits, true)) {
                objects(doc, (object, prefix) -> documents.add(object));
            }
        });
        List<Line> out = new ArrayList<>();
        for (Evaluation e : AuditCommand.evaluate(policies, AuditInput.of(documents))) {
            ResourceRef at = given.getOrDefault(identity(e.subject()), e.subject());
            for (ResultFinding f : e.failures()) {
                String rule = f.rule().id();
                String reason = reasons.getOrDefault(reasonKey(e.subject(), rule, f.finding().container()),
                        reasons.get(reasonKey(e.subject(), rule, null)));
                out.add(new Line(at, where(at) + ": " + rule + ": " + f.finding().message() + (reason == null ? "" : " — " + reason)));
            }
        }
        out.sort(Line.ORDER);
        return dedupe(out.stream().map(Line::text).toList());
    }

    private static String where(ResourceRef ref) {
        String at = ref.source() == null ? "" : ref.source().file() + ":" + ref.source().line() + " ";
        return at + ref.kind() + " " + (ref.namespace() == null ? "" : ref.namespace() + "/") + ref.name();
    }

    private static List<String> dedupe(List<String> lines) {
        return List.copyOf(new java.util.LinkedHashSet<>(lines));
    }
}
