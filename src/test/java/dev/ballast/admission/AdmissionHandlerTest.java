package dev.ballast.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.kube.ContextViews;
import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.policy.AnnotationExemptions;
import dev.ballast.rules.policy.AvailabilitySettings;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The webhook's judgement of whole admission requests against a fixed snapshot and time: gitops on UPDATE (old
 * object by its last writer, new one by the request's manager), exemption-not-allowed, StabilityExceptions with
 * expiry, HPA exemptions, and workloads judged with the PodDisruptionBudgets of the cache.
 */
class AdmissionHandlerTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    final AdmissionHandler handler = new AdmissionHandler(null, new SimpleMeterRegistry());

    static Policy enforce(boolean allowExceptions, List<Exemption> exemptions) {
        return PolicyFixture.withoutMtls().toBuilder().name("prod").mode(Mode.Enforce)
                .annotationExemptions(AnnotationExemptions.defaultFor(Mode.Enforce)).exemptions(exemptions)
                .allowExceptions(allowExceptions).build();
    }

    static AdmissionContext.Snapshot snapshot(Policy policy, StabilityExceptionView... exceptions) {
        return new AdmissionContext.Snapshot(List.of(policy), ClusterContext.EMPTY.withExceptions(List.of(exceptions), Instant.EPOCH));
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode request(String operation, String kind, JsonNode object, JsonNode old, String fieldManager) {
        ObjectNode request = new ObjectMapper().createObjectNode().put("uid", "u").put("operation", operation).put("namespace", "shop");
        request.putObject("kind").put("kind", kind);
        request.putObject("userInfo").put("username", "alice");
        request.putObject("options").put("fieldManager", fieldManager);
        request.set("object", object);
        if (old != null) {
            request.set("oldObject", old);
        }
        return request;
    }

    static JsonNode configMap(String lastManager, String value) {
        return yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: shop
                  managedFields:
                  - {manager: %s, operation: Update, apiVersion: v1, time: "2026-06-01T11:00:00Z"}
                data: {a: %s}
                """.formatted(lastManager, value));
    }

    @Test
    void aPodDisruptionBudgetThatBlocksEveryEvictionIsDeniedInEnforce() {
        Policy p = enforce(false, List.of());
        Policy availability = p.toBuilder().availability(AvailabilitySettings.defaults()).build();
        var blocking = request("CREATE", "PodDisruptionBudget", yaml("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec: {selector: {matchLabels: {app: web}}, maxUnavailable: 0}
                """), null, "kubectl-client-side-apply");
        var denied = handler.decide(blocking, snapshot(availability), NOW);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("pdb-blocks-eviction").contains("maxUnavailable 0");
        var allowing = request("CREATE", "PodDisruptionBudget", yaml("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec: {selector: {matchLabels: {app: web}}, maxUnavailable: 1}
                """), null, "kubectl-client-side-apply");
        assertThat(handler.decide(allowing, snapshot(availability), NOW).allowed()).isTrue();
        assertThat(handler.decide(blocking, snapshot(p), NOW).allowed()).as("without the availability group").isTrue();
    }

    // ---- workloads judged with the PodDisruptionBudgets of the webhook's cache

    /** An Enforce policy with only the availability group, at its defaults (minReplicas 2, a PDB required). */
    static Policy availabilityOnly() {
        return Policy.builder("prod", Mode.Enforce).availability(AvailabilitySettings.defaults()).build();
    }

    /** The snapshot as {@link AdmissionContext} builds it from its caches: these PDBs are every one in the cluster. */
    static AdmissionContext.Snapshot withPdbs(Policy policy, String... pdbs) {
        List<PodDisruptionBudget> cached = Arrays.stream(pdbs)
                .map(y -> Serialization.unmarshal(y, PodDisruptionBudget.class)).toList();
        return new AdmissionContext.Snapshot(List.of(policy), new ContextViews(t -> SourceRef.NONE)
                .context(List.of(), List.of(), cached, List.of(), List.of(), Instant.EPOCH));
    }

    static String pdb(String namespace, String app, String budget) {
        return """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s, namespace: %s, uid: %s-%s, resourceVersion: "1"}
                spec: {selector: {matchLabels: {app: %s}}, %s}
                """.formatted(app, namespace, namespace, app, app, budget);
    }

    static JsonNode createWeb(int replicas) {
        return request("CREATE", "Deployment", yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: app, image: example/app:1}]}
                """.formatted(replicas)), null, "kubectl-client-side-apply");
    }

    @Test
    void aReplicatedDeploymentInANamespaceWithoutAPdbIsDeniedForPdbMissing() {
        var none = handler.decide(createWeb(3), withPdbs(availabilityOnly()), NOW);
        assertThat(none.allowed()).isFalse();
        assertThat(none.message()).contains("prod/pdb-missing: no PodDisruptionBudget in namespace \"shop\" selects")
                .contains("(3 replicas)").doesNotContain("replicas-minimum").doesNotContain("pdb-blocks-eviction");
        var elsewhere = handler.decide(createWeb(3), withPdbs(availabilityOnly(), pdb("other", "web", "maxUnavailable: 1"),
                pdb("shop", "api", "maxUnavailable: 1")), NOW);
        assertThat(elsewhere.allowed()).as("a PDB in another namespace, or selecting other pods, does not count").isFalse();
        assertThat(elsewhere.message()).contains("pdb-missing");
        var covered = handler.decide(createWeb(3), withPdbs(availabilityOnly(), pdb("shop", "web", "maxUnavailable: 1")), NOW);
        assertThat(covered.allowed()).isTrue();
        assertThat(covered.warnings()).isEmpty();
    }

    @Test
    void aSingleReplicaNeedsNoPdbButFailsTheReplicaMinimum() {
        var d = handler.decide(createWeb(1), withPdbs(availabilityOnly()), NOW);
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("prod/replicas-minimum").doesNotContain("pdb-missing");
        Policy oneIsEnough = availabilityOnly().toBuilder().availability(new AvailabilitySettings(1, true, false)).build();
        assertThat(handler.decide(createWeb(1), withPdbs(oneIsEnough), NOW).allowed()).isTrue();
    }

    @Test
    void aDeploymentSelectedByABlockingPdbIsDeniedForPdbBlocksEviction() {
        var d = handler.decide(createWeb(3), withPdbs(availabilityOnly(), pdb("shop", "web", "minAvailable: 3")), NOW);
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("prod/pdb-blocks-eviction")
                .contains("PodDisruptionBudget \"web\" sets minAvailable 3 with 3 replicas").doesNotContain("pdb-missing");
        assertThat(handler.decide(createWeb(4), withPdbs(availabilityOnly(), pdb("shop", "web", "minAvailable: 3")), NOW)
                .allowed()).as("4 replicas leave one to evict").isTrue();
    }

    @Test
    void withoutKnownPdbsThePdbRulesAreNotJudged() {
        var unknown = new AdmissionContext.Snapshot(List.of(availabilityOnly()), ClusterContext.EMPTY);
        assertThat(handler.decide(createWeb(3), unknown, NOW).allowed()).isTrue();
    }

    @Test
    void aConfigMapLastWrittenByGitOpsAndPatchedByHandIsANewViolation() {
        var d = handler.decide(request("UPDATE", "ConfigMap", configMap("argocd-controller", "c"),
                configMap("argocd-controller", "b"), "kubectl-patch"), snapshot(enforce(false, List.of())), NOW);
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("gitops-unmanaged-change").contains("\"kubectl-patch\"");
        assertThat(d.warnings()).noneMatch(w -> w.startsWith("existing"));
    }

    @Test
    void aGitOpsControllersUpdateIsAlwaysAllowed() {
        for (String previousWriter : List.of("argocd-controller", "kubectl-edit")) {
            var d = handler.decide(request("UPDATE", "ConfigMap", configMap(previousWriter, "c"), configMap(previousWriter, "b"),
                    "argocd-controller"), snapshot(enforce(false, List.of())), NOW);
            assertThat(d.allowed()).as("after " + previousWriter).isTrue();
            assertThat(d.warnings()).as("after " + previousWriter).isEmpty();
        }
    }

    @Test
    void aConfigMapAlreadyChangedByHandStaysPatchableWithAWarning() {
        var d = handler.decide(request("UPDATE", "ConfigMap", configMap("kubectl-edit", "c"), configMap("kubectl-edit", "b"),
                "kubectl-patch"), snapshot(enforce(false, List.of())), NOW);
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).singleElement().asString().startsWith("existing prod/gitops-unmanaged-change")
                .contains("\"kubectl-patch\"");
    }

    static JsonNode deployment(String annotations) {
        return yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop, annotations: %s}
                spec:
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                      containers:
                      - name: app
                        image: example/web:1
                        readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 30, failureThreshold: 5}
                        resources: {requests: {memory: 512Mi, cpu: 100m}, limits: {memory: 512Mi}}
                        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """.formatted(annotations));
    }

    static StabilityExceptionView exception(Instant expires) {
        return new StabilityExceptionView("shop", "web-window", Set.of(), Set.of(), List.of("web"), "migration", expires);
    }

    @Test
    void aWorkloadExemptingItselfInEnforceIsDeniedUnlessAStabilityExceptionCoversIt() {
        var selfExempt = request("CREATE", "Deployment", deployment("{ballast.dev/exempt: 'true'}"), null, "kubectl-client-side-apply");
        var denied = handler.decide(selfExempt, snapshot(enforce(false, List.of())), NOW);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("exemption-not-allowed").contains("probe-timeout").contains("not honoured");

        var excepted = snapshot(enforce(true, List.of()), exception(NOW.plusSeconds(3600)));
        assertThat(handler.decide(selfExempt, excepted, NOW).allowed()).isTrue();
        var expired = handler.decide(selfExempt, excepted, NOW.plusSeconds(3600));
        assertThat(expired.allowed()).isFalse();
        assertThat(expired.message()).contains("exemption-not-allowed");
        assertThat(handler.decide(selfExempt, snapshot(enforce(false, List.of()), exception(NOW.plusSeconds(3600))), NOW).allowed())
                .as("a policy without allowExceptions ignores them").isFalse();
    }

    @Test
    void keepingAnAnnotationTheOldObjectHadIsNotAViolation() {
        var update = request("UPDATE", "Deployment", deployment("{ballast.dev/exempt: probe-timeout}"),
                deployment("{ballast.dev/exempt: probe-timeout}"), "kubectl-client-side-apply");
        var d = handler.decide(update, snapshot(enforce(false, List.of())), NOW);
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).singleElement().asString().startsWith("existing prod/probe-timeout");
    }

    @Test
    void anHpaIsJudgedWithItsTargetsExemptions() {
        JsonNode hpa = yaml("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web, namespace: shop}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  metrics:
                  - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 95}}}
                """);
        var create = request("CREATE", "HorizontalPodAutoscaler", hpa, null, "kubectl-create");
        assertThat(handler.decide(create, snapshot(enforce(false, List.of())), NOW).allowed()).isFalse();
        var exempted = enforce(false, List.of(new Exemption(Set.of("shop"), List.of("web"), Set.of(), "bursty traffic")));
        assertThat(handler.decide(create, snapshot(exempted), NOW).allowed()).isTrue();
    }

    // ---- the wire: parse, cost, judge

    static AdmissionHandler.Parsed parse(AdmissionHandler handler, String body) {
        return handler.parse(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static String review(String request) {
        return "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": " + request + "}";
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "not JSON | {\"apiVersion\": | request body is not JSON: ",
        "an array | [1, 2] | request body must be an AdmissionReview object",
        "wrong version | {\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\"}"
                + " | expected apiVersion admission.k8s.io/v1, kind AdmissionReview; got admission.k8s.io/v1beta1, AdmissionReview",
        "no request | {\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}"
                + " | AdmissionReview.request with a uid is required",
        "no uid | {\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"\"}}"
                + " | AdmissionReview.request with a uid is required",
    })
    void aMalformedReviewIsA400SayingWhatIsWrongAndIsCounted(String what, String body, String error) throws Exception {
        var registry = new SimpleMeterRegistry();
        var parsed = parse(new AdmissionHandler(null, registry), body);
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.error().status()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(parsed.error().json()).path("error").asText()).startsWith(error);
        assertThat(registry.counter("ballast_admission_bad_requests").count()).isEqualTo(1);
    }

    static AdmissionContext context(boolean ready, AdmissionContext.Snapshot snapshot) {
        return new AdmissionContext(null, null) {
            @Override
            public boolean ready() {
                return ready;
            }

            @Override
            public Snapshot snapshot() {
                return snapshot;
            }
        };
    }

    static String deploymentRequest(String operation, int containers) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < containers; i++) {
            list.append(i == 0 ? "" : ",").append("{\"name\": \"c").append(i).append("\"}");
        }
        String object = "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"web\"},"
                + " \"spec\": {\"template\": {\"spec\": {\"containers\": [" + list + "]}}}}";
        return "{\"uid\": \"u1\", \"operation\": \"" + operation + "\", \"namespace\": \"shop\","
                + " \"kind\": {\"kind\": \"Deployment\"}, \"object\": " + object
                + ("UPDATE".equals(operation) ? ", \"oldObject\": " + object : "") + "}";
    }

    @Test
    void costIsContainersTimesPoliciesAndDoubleOnUpdate() {
        var twoPolicies = new AdmissionContext.Snapshot(List.of(enforce(false, List.of()), PolicyFixture.withoutMtls()),
                ClusterContext.EMPTY);
        var ready = new AdmissionHandler(context(true, twoPolicies), new SimpleMeterRegistry());
        assertThat(ready.cost(parse(ready, review(deploymentRequest("CREATE", 3))))).isEqualTo(6);
        assertThat(ready.cost(parse(ready, review(deploymentRequest("UPDATE", 3))))).isEqualTo(12);
        assertThat(ready.cost(parse(ready, review(deploymentRequest("CREATE", 0))))).as("never below one").isEqualTo(2);
        var unready = new AdmissionHandler(context(false, null), new SimpleMeterRegistry());
        assertThat(unready.cost(parse(unready, review(deploymentRequest("CREATE", 3))))).isEqualTo(3);
    }

    static JsonNode response(AdmissionHandler.Reply reply) throws Exception {
        assertThat(reply.status()).isEqualTo(200);
        JsonNode review = new ObjectMapper().readTree(reply.json());
        assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.path("response").path("uid").asText()).isEqualTo("u1");
        return review.path("response");
    }

    @Test
    void judgeDeniesInEnforceWith403AndAllowsUntilTheCachesHaveSynced() throws Exception {
        var snapshot = new AdmissionContext.Snapshot(List.of(enforce(false, List.of())), ClusterContext.EMPTY);
        var registry = new SimpleMeterRegistry();
        var handler = new AdmissionHandler(context(true, snapshot), registry);
        String body = review(deploymentRequest("CREATE", 1));
        JsonNode denied = response(handler.judge(parse(handler, body), dev.ballast.rules.engine.Cancellation.NONE, 20));
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.path("status").path("code").asInt()).isEqualTo(403);
        assertThat(denied.path("status").path("message").asText()).contains("readiness");
        assertThat(registry.get("ballast_admission_duration").tag("decision", "denied").timer().count()).isEqualTo(1);

        var unready = new AdmissionHandler(context(false, null), new SimpleMeterRegistry());
        JsonNode allowed = response(unready.judge(parse(unready, body), dev.ballast.rules.engine.Cancellation.NONE, 20));
        assertThat(allowed.path("allowed").asBoolean()).isTrue();
        assertThat(allowed.has("warnings")).isFalse();
    }

    @Test
    void anObjectTheMapperCannotReadIsAllowedWithAWarningNamingTheField() throws Exception {
        var snapshot = new AdmissionContext.Snapshot(List.of(enforce(false, List.of())), ClusterContext.EMPTY);
        var handler = new AdmissionHandler(context(true, snapshot), new SimpleMeterRegistry());
        String request = deploymentRequest("CREATE", 1).replace("{\"name\": \"c0\"}",
                "{\"name\": \"c0\", \"readinessProbe\": {\"timeoutSeconds\": \"ten\"}}");
        JsonNode response = response(handler.judge(parse(handler, review(request)), dev.ballast.rules.engine.Cancellation.NONE, 20));
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.path("warnings").get(0).asText()).isEqualTo("ballast could not read the object: "
                + "spec.template.spec.containers[0].readinessProbe.timeoutSeconds must be an integer, got \"ten\"");
    }

    @Test
    void aReviewTooCostlyToJudgeIsAllowedSayingWhy() throws Exception {
        var handler = new AdmissionHandler(context(false, null), new SimpleMeterRegistry());
        JsonNode response = response(handler.unjudged(parse(handler, review(deploymentRequest("CREATE", 1))), "too many containers"));
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.path("warnings")).extracting(JsonNode::asText).containsExactly("too many containers");
    }
}
