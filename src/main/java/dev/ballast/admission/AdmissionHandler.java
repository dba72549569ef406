package dev.ballast.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.SubjectMapper;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.Cancellation;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.EvaluationCancelledException;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.model.VersionedObject;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The validating admission webhook: AdmissionReview admission.k8s.io/v1 in, a decision out. Workloads get every
 * workload rule, HPAs hpa-cpu-target, PodDisruptionBudgets pdb-blocks-eviction, PeerAuthentications
 * mtls-permissive-policy, ConfigMaps/Secrets gitops-unmanaged-change (judged from the request's field manager, else
 * its user); workloads, HPAs and PodDisruptionBudgets also api-deprecated, on the version the request was made in. A malformed review is a 400
 * naming what is wrong; anything it cannot judge is allowed. It writes nothing, so dryRun needs no special case.
 */
@ApplicationScoped
public class AdmissionHandler {
    /** What goes back over HTTP: 200 with an AdmissionReview, or a 4xx with {"error": "..."}. */
    public record Reply(int status, String json) {
    }

    private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Evaluator evaluator = Rules.evaluator();
    private final AdmissionContext context;
    private final MeterRegistry registry;
    /** Registered at start, so the series is 0 rather than absent until the first malformed review (alerts rate() it). */
    private final io.micrometer.core.instrument.Counter badRequests;
    private final Clock clock;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    @Inject
    public AdmissionHandler(AdmissionContext context, MeterRegistry registry) {
        this(context, registry, Clock.systemUTC());
    }

    AdmissionHandler(AdmissionContext context, MeterRegistry registry, Clock clock) {
        this.context = context;
        this.registry = registry;
        this.badRequests = io.micrometer.core.instrument.Counter.builder("ballast_admission_bad_requests")
                .description("Admission reviews answered 400 (malformed)").register(registry);
        this.clock = clock;
    }

    /** A review read from the wire: its request when well-formed, else the 400 it earned. */
    public record Parsed(JsonNode request, Reply error, long started) {
        public boolean ok() {
            return error == null;
        }
    }

    public Parsed parse(InputStream body) {
        long start = System.nanoTime();
        JsonNode review;
        try {
            review = JSON.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return rejected(badRequest("request body is not JSON: " + String.valueOf(reason).lines().findFirst().orElse("")), start);
        }
        if (review == null || !review.isObject()) {
            return rejected(badRequest("request body must be an AdmissionReview object"), start);
        }
        if (!"admission.k8s.io/v1".equals(review.path("apiVersion").asText()) || !"AdmissionReview".equals(review.path("kind").asText())) {
            return rejected(badRequest("expected apiVersion admission.k8s.io/v1, kind AdmissionReview; got "
                    + review.path("apiVersion").asText("(none)") + ", " + review.path("kind").asText("(none)")), start);
        }
        JsonNode request = review.get("request");
        if (request == null || !request.isObject() || request.path("uid").asText("").isEmpty()) {
            return rejected(badRequest("AdmissionReview.request with a uid is required"), start);
        }
        return new Parsed(request, null, start);
    }

    private static Parsed rejected(Reply error, long start) {
        return new Parsed(null, error, start);
    }

    /**
     * The containers of the larger of the object and, on UPDATE, the old object: what judging a workload costs per
     * rule and policy. Zero for kinds whose rules do not look at containers.
     */
    public static int containers(Parsed parsed) {
        return Math.max(containersOf(parsed.request().path("object")), containersOf(parsed.request().path("oldObject")));
    }

    private static int containersOf(JsonNode object) {
        JsonNode pod = object.path("spec").path("template").path("spec");
        return pod.path("containers").size() + pod.path("initContainers").size() + pod.path("ephemeralContainers").size();
    }

    /** How much judging costs, in container × policy evaluations (each runs every enabled rule). */
    public int cost(Parsed parsed) {
        int policies = context.ready() ? context.snapshot().policies().size() : 0;
        return Math.max(1, containers(parsed)) * Math.max(1, policies) * ("UPDATE".equals(parsed.request().path("operation").asText()) ? 2 : 1);
    }

    /** Allows without judging, saying why in a warning: for a review too costly to judge. */
    public Reply unjudged(Parsed parsed, String why) {
        return new Reply(200, response(parsed.request().get("uid").asText(), new AdmissionDecider.Decision(true, null,
                List.of(why))).toString());
    }

    /**
     * Judges a well-formed review, asking {@code cancellation} between steps; an {@link EvaluationCancelledException}
     * leaves with no reply. The message and warnings name at most {@code limit} violations.
     */
    public Reply judge(Parsed parsed, Cancellation cancellation, int limit) {
        JsonNode request = parsed.request();
        AdmissionDecider.Decision decision;
        try {
            decision = context.ready() ? decide(request, context.snapshot(), clock.instant(), cancellation, limit)
                    : new AdmissionDecider.Decision(true, null, List.of());
        } catch (EvaluationCancelledException e) {
            throw e;
        } catch (ManifestException e) {
            decision = new AdmissionDecider.Decision(true, null, List.of("ballast could not read the object: "
                    + truncate(e.getMessage())));
        } catch (RuntimeException e) {
            // a defect in Ballast must not block the change; say so to the user and in the log
            LOG.errorf(e, "admission review %s could not be judged", request.get("uid").asText());
            decision = new AdmissionDecider.Decision(true, null, List.of("ballast could not judge the object: "
                    + truncate(String.valueOf(e))));
        }
        String outcome = !decision.allowed() ? "denied" : decision.warnings().isEmpty() ? "allowed" : "warned";
        String dryRun = String.valueOf(request.path("dryRun").asBoolean(false));
        timers.computeIfAbsent(outcome + "/" + dryRun, k -> Timer.builder("ballast_admission_duration")
                        .description("Admission review latency").tag("decision", outcome).tag("dry_run", dryRun)
                        .publishPercentileHistogram().register(registry))
                .record(System.nanoTime() - parsed.started(), TimeUnit.NANOSECONDS);
        return new Reply(200, response(request.get("uid").asText(), decision).toString());
    }

    /**
     * Judges a CREATE or UPDATE. On UPDATE the old object is judged as it was stored (a ConfigMap by who last wrote
     * it, from its managedFields), the new one as this request makes it (by the request's field manager or user).
     */
    AdmissionDecider.Decision decide(JsonNode request, AdmissionContext.Snapshot snapshot, Instant now) {
        return decide(request, snapshot, now, Cancellation.NONE, AdmissionDecider.DEFAULT_LIMIT);
    }

    private AdmissionDecider.Decision decide(JsonNode request, AdmissionContext.Snapshot snapshot, Instant now,
                                             Cancellation cancellation, int limit) {
        String operation = request.path("operation").asText();
        JsonNode object = request.get("object");
        if (!("CREATE".equals(operation) || "UPDATE".equals(operation)) || object == null || !object.isObject()) {
            return new AdmissionDecider.Decision(true, null, List.of());
        }
        Map<String, Mode> modes = new HashMap<>();
        snapshot.policies().forEach(p -> modes.put(p.name(), p.mode()));
        String kind = request.path("kind").path("kind").asText(object.path("kind").asText());
        JsonNode old = "UPDATE".equals(operation) ? request.get("oldObject") : null;
        old = old == null || !old.isObject() ? null : withNamespace(old, request);
        ClusterContext ctx = snapshot.context().at(now);
        List<Evaluation> current = evaluate(kind, withNamespace(object, request), old, request, snapshot.policies(), ctx, cancellation);
        List<Evaluation> before = old == null ? List.of() : evaluate(kind, old, null, null, snapshot.policies(), ctx, cancellation);
        return AdmissionDecider.decide(current, modes, before, limit);
    }

    /** On CREATE the namespace is often only in the request. */
    static JsonNode withNamespace(JsonNode object, JsonNode request) {
        if (object.path("metadata").path("namespace").asText("").isEmpty() && request.hasNonNull("namespace")) {
            ObjectNode copy = object.deepCopy();
            copy.with("metadata").put("namespace", request.get("namespace").asText());
            return copy;
        }
        return object;
    }

    /**
     * Evaluates one object. {@code request} is the admission request when the object is the one it writes (its
     * writer is then the request's field manager or user, and {@code previous} the object it replaces, if any); null
     * when the object is the stored old one (judged by its own managedFields).
     */
    private List<Evaluation> evaluate(String kind, JsonNode object, JsonNode previous, JsonNode request,
                                      List<Policy> policies, ClusterContext ctx, Cancellation cancellation) {
        List<Evaluation> result = new ArrayList<>();
        // a kind Ballast does not judge maps to nothing and is allowed
        Subject subject = SubjectMapper.CONFIG_KINDS.contains(kind) && request != null ? writtenBy(kind, object, request)
                : SubjectMapper.map(kind, object, SourceRef.NONE).orElse(null);
        if (request == null) { // the stored old object: the version it was written in is not known
            if (subject != null) {
                judge(policies, subject, ctx, cancellation, result);
            }
            return result;
        }
        String written = writtenVersion(request, object);
        ClusterContext asWritten = ctx.withWrittenVersions();
        if (subject instanceof Workload workload) {
            Map<String, String> before = previous == null ? Map.of() : WorkloadMapper.map(previous, SourceRef.NONE).annotations();
            Workload w = workload.writtenIn(written);
            policies.forEach(p -> evaluator.evaluateAdmission(p, w, before, asWritten, cancellation).ifPresent(result::add));
        } else if (subject != null) {
            judge(policies, subject, ctx, cancellation, result);
            VersionedObject versioned = subject instanceof HpaView hpa ? VersionedObject.of(hpa)
                    : subject instanceof PodDisruptionBudgetView pdb ? VersionedObject.of(pdb) : null;
            if (versioned != null) {
                judge(policies, versioned.writtenIn(written), asWritten, cancellation, result);
            }
        }
        return result;
    }

    private void judge(List<Policy> policies, Subject subject, ClusterContext ctx, Cancellation cancellation,
                       List<Evaluation> into) {
        policies.forEach(p -> evaluator.evaluate(p, subject, ctx, cancellation).ifPresent(into::add));
    }

    /**
     * The group/version the request was made in: {@code requestKind}, which kube-apiserver sets when it converted the
     * object to the version the webhook registered for (matchPolicy Equivalent), else {@code kind}, else the object's.
     */
    static String writtenVersion(JsonNode request, JsonNode object) {
        JsonNode kind = request.path("requestKind").hasNonNull("version") ? request.get("requestKind") : request.path("kind");
        String version = kind.path("version").asText("");
        if (version.isEmpty()) {
            return object.path("apiVersion").asText("");
        }
        String group = kind.path("group").asText("");
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The ConfigMap or Secret as this request writes it: by the request's field manager, else its user. */
    private static ConfigObject writtenBy(String kind, JsonNode object, JsonNode request) {
        String manager = request.path("options").path("fieldManager").asText("");
        String user = request.path("userInfo").path("username").asText("");
        return new ConfigObject(kind, ContextMapper.namespaceOf(object), ContextMapper.nameOf(object),
                manager.isEmpty() ? user : manager, SourceRef.NONE);
    }

    static ObjectNode response(String uid, AdmissionDecider.Decision decision) {
        ObjectNode root = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode response = root.putObject("response").put("uid", uid).put("allowed", decision.allowed());
        if (!decision.allowed()) {
            response.putObject("status").put("code", 403).put("reason", "Forbidden").put("message", decision.message());
        }
        if (!decision.warnings().isEmpty()) {
            var warnings = response.putArray("warnings");
            decision.warnings().forEach(warnings::add);
        }
        return root;
    }

    private Reply badRequest(String message) {
        badRequests.increment();
        return error(400, message);
    }

    public static Reply error(int status, String message) {
        return new Reply(status, JSON.createObjectNode().put("error", message).toString());
    }

    static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 99) + "…" : s;
    }
}
