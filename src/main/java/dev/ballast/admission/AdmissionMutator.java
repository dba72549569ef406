package dev.ballast.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.fix.JsonPatcher;
import dev.ballast.fix.PatchException;
import dev.ballast.fix.PatchMaterializer;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.Cancellation;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.EvaluationCancelledException;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.repair.PatchOperation;
import dev.ballast.rules.repair.Repair;
import dev.ballast.rules.repair.RepairPlan;
import dev.ballast.rules.repair.Repairer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The mutating admission webhook ({@code /mutate}): on CREATE and UPDATE of a workload or HPA, each policy with
 * {@code spec.mutate: true} that selects it contributes the engine's {@link Repairer} repairs, as one JSONPatch with a
 * warning per repair. Later policies see the object as earlier ones repaired it. It never denies: anything it cannot
 * read or repair is allowed unchanged with a warning. It writes nothing itself, so dryRun needs no special case.
 * The object is repaired in place on one copy, so thousands of repairs cost one pass each, not a copy each; the
 * patch is bounded by the webhook's container cap and, past {@link #MAX_PATCH_BYTES}, dropped with a warning.
 */
@ApplicationScoped
public class AdmissionMutator {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AdmissionMutator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A patch longer than this (JSON, before base64) is not sent: the object is allowed unchanged with a warning. */
    static final int MAX_PATCH_BYTES = 512 * 1024;
    private final Evaluator evaluator = Rules.evaluator();
    private final AdmissionContext context;
    private final Clock clock;
    private final int maxPatchBytes;
    /** By outcome and dryRun. */
    private final Map<String, Timer> timers;

    @Inject
    public AdmissionMutator(AdmissionContext context, MeterRegistry registry) {
        this(context, registry, Clock.systemUTC(), MAX_PATCH_BYTES);
    }

    AdmissionMutator(AdmissionContext context, MeterRegistry registry, Clock clock, int maxPatchBytes) {
        this.context = context;
        this.clock = clock;
        this.maxPatchBytes = maxPatchBytes;
        this.timers = timers(registry);
    }

    /**
     * The latency timers, keyed {@code outcome/dryRun}; registering them again returns the same. The webhook's listener
     * registers them when it is created, so dashboards see the series before this (lazily created) bean's first review.
     */
    static Map<String, Timer> timers(MeterRegistry registry) {
        Map<String, Timer> timers = new HashMap<>();
        for (String outcome : List.of("patched", "unchanged")) {
            for (String dryRun : List.of("true", "false")) {
                timers.put(outcome + "/" + dryRun, Timer.builder("ballast_mutation_duration")
                        .description("Mutating admission review (/mutate) latency").tag("outcome", outcome).tag("dry_run", dryRun)
                        .publishPercentileHistogram().register(registry));
            }
        }
        return Map.copyOf(timers);
    }

    /** The operations to apply and the warnings naming each repair (at most {@code limit}, then a count). */
    record Mutation(List<PatchOperation> patch, List<String> warnings) {
        static final Mutation NONE = new Mutation(List.of(), List.of());
    }

    /** Answers a well-formed review; an {@link EvaluationCancelledException} leaves with no reply. */
    public AdmissionHandler.Reply mutate(AdmissionHandler.Parsed parsed, Cancellation cancellation, int limit) {
        JsonNode request = parsed.request();
        Mutation mutation;
        try {
            mutation = context.ready() ? mutation(request, context.snapshot(), clock.instant(), cancellation, limit) : Mutation.NONE;
        } catch (EvaluationCancelledException e) {
            throw e;
        } catch (ManifestException | PatchException e) {
            mutation = new Mutation(List.of(), List.of("ballast could not repair the object: "
                    + AdmissionHandler.truncate(String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            // a defect in Ballast must not block or alter the change; say so to the user and in the log
            LOG.errorf(e, "admission review %s could not be repaired", request.get("uid").asText());
            mutation = new Mutation(List.of(), List.of("ballast could not repair the object: "
                    + AdmissionHandler.truncate(String.valueOf(e))));
        }
        byte[] patch = mutation.patch().isEmpty() ? null : wire(mutation.patch());
        if (patch != null && patch.length > maxPatchBytes) {
            mutation = new Mutation(List.of(), List.of("ballast did not repair this object: its " + mutation.patch().size()
                    + " repair operations make a " + patch.length + "-byte patch, more than " + maxPatchBytes
                    + "; fix it with `ballast fix` instead"));
            patch = null;
        }
        ObjectNode root = AdmissionHandler.response(request.get("uid").asText(),
                new AdmissionDecider.Decision(true, null, mutation.warnings()));
        if (patch != null) {
            ((ObjectNode) root.get("response")).put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(patch));
        }
        String outcome = patch != null ? "patched" : "unchanged";
        String dryRun = String.valueOf(request.path("dryRun").asBoolean(false));
        timers.get(outcome + "/" + dryRun).record(System.nanoTime() - parsed.started(), TimeUnit.NANOSECONDS);
        return new AdmissionHandler.Reply(200, root.toString());
    }

    private static byte[] wire(List<PatchOperation> operations) {
        ArrayNode patch = JSON.createArrayNode();
        for (PatchOperation op : operations) {
            patch.addObject().put("op", op.op().wire()).put("path", op.path()).set("value", JsonPatcher.valueOf(op));
        }
        return patch.toString().getBytes(StandardCharsets.UTF_8);
    }

    Mutation mutation(JsonNode request, AdmissionContext.Snapshot snapshot, Instant now, Cancellation cancellation, int limit) {
        String operation = request.path("operation").asText();
        JsonNode object = request.get("object");
        List<Policy> mutating = snapshot.policies().stream().filter(Policy::mutate).toList();
        if (!("CREATE".equals(operation) || "UPDATE".equals(operation)) || object == null || !object.isObject()
                || mutating.isEmpty()) {
            return Mutation.NONE;
        }
        String kind = request.path("kind").path("kind").asText(object.path("kind").asText());
        if (!List.of("Deployment", "StatefulSet", "DaemonSet", "HorizontalPodAutoscaler").contains(kind)) {
            return Mutation.NONE;
        }
        ClusterContext ctx = snapshot.context().at(now);
        JsonNode current = object.deepCopy(); // repaired in place, repair by repair
        List<PatchOperation> patch = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int repairs = 0;
        for (Policy policy : mutating) {
            for (Repair r : repairs(kind, AdmissionHandler.withNamespace(current, request), policy, ctx, cancellation)) {
                cancellation.check();
                List<PatchOperation> valid = PatchMaterializer.materializeInPlace(current, r.operations());
                if (valid.isEmpty()) {
                    continue; // already done by an earlier repair: no warning for a change not made
                }
                patch.addAll(valid);
                if (repairs++ < limit) {
                    warnings.add(warning(policy, r));
                }
            }
        }
        if (repairs > limit) {
            int more = repairs - limit;
            warnings.add("and " + more + " more repair" + (more == 1 ? "" : "s"));
        }
        return new Mutation(patch, warnings);
    }

    /** {@code ballast: POLICY/RULE: set FIELD: VALUE (why)}: what was changed, naming the field and its new value. */
    static String warning(Policy policy, Repair r) {
        return AdmissionDecider.cutAtWord("ballast: " + policy.name() + "/" + r.rule().id() + ": set " + r.summary(),
                AdmissionDecider.MAX_LINE);
    }

    /** The repairs {@code policy} makes to this object itself (a workload's HPA repairs target other objects). */
    private List<Repair> repairs(String kind, JsonNode object, Policy policy, ClusterContext ctx, Cancellation cancellation) {
        if ("HorizontalPodAutoscaler".equals(kind)) {
            HpaView hpa = ContextMapper.hpa(object, SourceRef.NONE);
            Optional<Evaluation> e = evaluator.evaluate(policy, hpa, ctx, cancellation);
            return e.isEmpty() ? List.of() : Repairer.plan(policy, hpa, e.get()).repairs();
        }
        Workload workload = WorkloadMapper.map(object, SourceRef.NONE);
        Optional<Evaluation> e = evaluator.evaluate(policy, workload, ctx, cancellation);
        if (e.isEmpty() || e.get().compliant()) {
            return List.of();
        }
        RepairPlan plan = Repairer.plan(policy, workload, e.get(), ctx);
        return plan.repairs().stream().filter(r -> sameObject(r.target(), workload.ref())).toList();
    }

    private static boolean sameObject(ResourceRef a, ResourceRef b) {
        return a.kind().equals(b.kind()) && java.util.Objects.equals(a.namespace(), b.namespace())
                && java.util.Objects.equals(a.name(), b.name());
    }
}
