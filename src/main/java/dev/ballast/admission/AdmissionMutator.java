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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The mutating admission webhook ({@code /mutate}): on CREATE and UPDATE of a workload or HPA, each policy with
 * {@code spec.mutate: true} that selects it contributes the engine's {@link Repairer} repairs, as one JSONPatch with a
 * warning per repair. Later policies see the object as earlier ones repaired it. It never denies: anything it cannot
 * read or repair is allowed unchanged with a warning. It writes nothing itself, so dryRun needs no special case.
 */
@ApplicationScoped
public class AdmissionMutator {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AdmissionMutator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Evaluator evaluator = Rules.evaluator();
    private final AdmissionContext context;
    private final Clock clock;

    @Inject
    public AdmissionMutator(AdmissionContext context) {
        this(context, Clock.systemUTC());
    }

    AdmissionMutator(AdmissionContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
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
        ObjectNode root = AdmissionHandler.response(request.get("uid").asText(),
                new AdmissionDecider.Decision(true, null, mutation.warnings()));
        if (!mutation.patch().isEmpty()) {
            ArrayNode patch = JSON.createArrayNode();
            for (PatchOperation op : mutation.patch()) {
                patch.addObject().put("op", op.op().wire()).put("path", op.path()).set("value", JsonPatcher.valueOf(op));
            }
            ((ObjectNode) root.get("response")).put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return new AdmissionHandler.Reply(200, root.toString());
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
        JsonNode current = object;
        List<PatchOperation> patch = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int repairs = 0;
        for (Policy policy : mutating) {
            for (Repair r : repairs(kind, AdmissionHandler.withNamespace(current, request), policy, ctx, cancellation)) {
                List<PatchOperation> valid = PatchMaterializer.materialize(current, r.operations());
                if (valid.isEmpty()) {
                    continue; // already done by an earlier repair: no warning for a change not made
                }
                current = JsonPatcher.apply(current, valid);
                patch.addAll(valid);
                if (repairs++ < limit) {
                    warnings.add(AdmissionDecider.cutAtWord("ballast: " + policy.name() + "/" + r.rule().id() + ": "
                            + (r.container() == null ? "" : "container \"" + r.container() + "\": ") + r.summary(),
                            AdmissionDecider.MAX_LINE));
                }
            }
        }
        if (repairs > limit) {
            int more = repairs - limit;
            warnings.add("and " + more + " more repair" + (more == 1 ? "" : "s"));
        }
        return new Mutation(patch, warnings);
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
