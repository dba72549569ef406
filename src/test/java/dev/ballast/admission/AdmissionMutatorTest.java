package dev.ballast.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.fix.JsonPatcher;
import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Cancellation;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.ResultFinding;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.repair.PatchOperation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * /mutate on whole admission requests: the patch, applied to the object, makes every repairable rule pass; explicit
 * choices are kept; a policy without mutate, an unjudged kind or a DELETE gets no patch; the wire reply carries a
 * base64 JSONPatch and a warning per repair.
 */
class AdmissionMutatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Set<RuleId> REPAIRABLE = Set.of(RuleId.RUN_AS_NON_ROOT, RuleId.PRIVILEGE_ESCALATION_ALLOWED,
            RuleId.CAPABILITIES_NOT_DROPPED, RuleId.SECCOMP_PROFILE, RuleId.MEMORY_LIMIT_MISSING,
            RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST, RuleId.PROBE_TIMEOUT, RuleId.PROBE_FAILURE_THRESHOLD);
    final AdmissionMutator mutator = new AdmissionMutator(null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

    static Policy mutating() {
        return PolicyFixture.withoutMtls().toBuilder().mutate(true).build();
    }

    static AdmissionContext.Snapshot snapshot(Policy policy) {
        return new AdmissionContext.Snapshot(List.of(policy), ClusterContext.EMPTY);
    }

    /** A Deployment with no securityContext, a request without a limit and a slow probe. */
    static JsonNode bareDeployment(String containerSecurity) {
        return AdmissionHandlerTest.yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: app
                        image: example/web:1.0
                        %s
                        resources:
                          requests: {cpu: 100m, memory: 128Mi}
                        readinessProbe:
                          httpGet: {path: /ready, port: 8080}
                          timeoutSeconds: 30
                        livenessProbe:
                          httpGet: {path: /live, port: 8080}
                """.formatted(containerSecurity));
    }

    static List<ResultFinding> failures(Policy policy, JsonNode object) {
        JsonNode withNs = object.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withNs.with("metadata")).put("namespace", "shop");
        return Rules.evaluator().evaluate(policy, WorkloadMapper.map(withNs, SourceRef.NONE), ClusterContext.EMPTY.at(NOW))
                .map(Evaluation::failures).orElse(List.of());
    }

    @Test
    void theRepairedObjectPassesEveryRepairableRule() {
        JsonNode object = bareDeployment("");
        assertThat(failures(mutating(), object)).extracting(ResultFinding::rule)
                .contains(RuleId.RUN_AS_NON_ROOT, RuleId.SECCOMP_PROFILE, RuleId.MEMORY_LIMIT_MISSING, RuleId.PROBE_TIMEOUT);

        var m = mutator.mutation(AdmissionHandlerTest.request("CREATE", "Deployment", object, null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20);

        JsonNode repaired = JsonPatcher.apply(object, m.patch());
        assertThat(failures(mutating(), repaired)).extracting(ResultFinding::rule).doesNotContainAnyElementsOf(REPAIRABLE);
        assertThat(m.warnings()).isNotEmpty().allMatch(w -> w.startsWith("ballast: baseline/"))
                .anyMatch(w -> w.startsWith("ballast: baseline/run-as-non-root: "));
        assertThat(repaired.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("128Mi");
        // applying the same review again to the repaired object changes nothing
        assertThat(mutator.mutation(AdmissionHandlerTest.request("UPDATE", "Deployment", repaired, repaired, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20).patch()).isEmpty();
    }

    @Test
    void explicitChoicesAreKept() {
        JsonNode object = bareDeployment("securityContext: {privileged: true, runAsNonRoot: false, allowPrivilegeEscalation: true}");
        var m = mutator.mutation(AdmissionHandlerTest.request("CREATE", "Deployment", object, null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20);
        JsonNode repaired = JsonPatcher.apply(object, m.patch());
        JsonNode sc = repaired.at("/spec/template/spec/containers/0/securityContext");
        assertThat(sc.path("privileged").asBoolean()).isTrue();
        assertThat(sc.path("runAsNonRoot").asBoolean(true)).isFalse();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isTrue();
        assertThat(m.patch()).isNotEmpty(); // the rest (drop ALL, seccomp, memory limit, probe timeout) still repaired
        assertThat(m.patch()).map(PatchOperation::path).noneMatch(p -> p.endsWith("/privileged")
                || p.endsWith("/runAsNonRoot") || p.endsWith("/allowPrivilegeEscalation"));
    }

    @Test
    void aPolicyWithoutMutateOrAKindItDoesNotRepairGetsNoPatch() {
        JsonNode object = bareDeployment("");
        assertThat(mutator.mutation(AdmissionHandlerTest.request("CREATE", "Deployment", object, null, "kubectl"),
                snapshot(PolicyFixture.withoutMtls()), NOW, Cancellation.NONE, 20)).isEqualTo(AdmissionMutator.Mutation.NONE);
        assertThat(mutator.mutation(AdmissionHandlerTest.request("DELETE", "Deployment", object, null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20)).isEqualTo(AdmissionMutator.Mutation.NONE);
        assertThat(mutator.mutation(AdmissionHandlerTest.request("CREATE", "ConfigMap",
                AdmissionHandlerTest.configMap("kubectl", "x"), null, "kubectl"), snapshot(mutating()), NOW,
                Cancellation.NONE, 20)).isEqualTo(AdmissionMutator.Mutation.NONE);
    }

    @Test
    void anHpaCpuTargetIsMovedToThePolicysMaximum() {
        JsonNode hpa = AdmissionHandlerTest.yaml("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  maxReplicas: 5
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 90}}}]
                """);
        var m = mutator.mutation(AdmissionHandlerTest.request("CREATE", "HorizontalPodAutoscaler", hpa, null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20);
        assertThat(JsonPatcher.apply(hpa, m.patch()).at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);
        assertThat(m.warnings()).singleElement().asString().startsWith("ballast: baseline/hpa-cpu-target: ");
    }

    @Test
    void warningsAreBoundedAndCounted() {
        var m = mutator.mutation(AdmissionHandlerTest.request("CREATE", "Deployment", bareDeployment(""), null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 2);
        assertThat(m.warnings()).hasSize(3);
        assertThat(m.warnings().get(2)).matches("and \\d+ more repairs?");
    }

    @Test
    void theReplyCarriesABase64JsonPatchAndNeverDenies() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        AdmissionMutator wired = wired(registry, AdmissionMutator.MAX_PATCH_BYTES);
        JsonNode object = bareDeployment("");
        var review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", AdmissionHandlerTest.request("CREATE", "Deployment", object, null, "kubectl"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request")).put("dryRun", true);
        var handler = new AdmissionHandler(null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        var parsed = handler.parse(new ByteArrayInputStream(review.toString().getBytes(StandardCharsets.UTF_8)));

        JsonNode response = JSON.readTree(wired.mutate(parsed, Cancellation.NONE, 20).json()).get("response");

        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.get("uid").asText()).isEqualTo("u");
        assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
        List<PatchOperation> ops = new ArrayList<>();
        patch.forEach(op -> ops.add(new PatchOperation(PatchOperation.Op.valueOf(op.get("op").asText().toUpperCase()),
                op.get("path").asText(), JsonPatcher.toPlain(op.get("value")))));
        assertThat(failures(mutating(), JsonPatcher.apply(object, ops))).extracting(ResultFinding::rule)
                .doesNotContainAnyElementsOf(REPAIRABLE);
        assertThat(response.get("warnings")).hasSize(patchWarnings(response));

        // an object it cannot read is allowed unchanged, with a warning
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request")).set("object",
                AdmissionHandlerTest.yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {template: {spec: {containers: 7}}}}"));
        var broken = handler.parse(new ByteArrayInputStream(review.toString().getBytes(StandardCharsets.UTF_8)));
        JsonNode refused = JSON.readTree(wired.mutate(broken, Cancellation.NONE, 20).json()).get("response");
        assertThat(refused.get("allowed").asBoolean()).isTrue();
        assertThat(refused.has("patch")).isFalse();
        // each answer is timed, by outcome and dryRun: /mutate's latency beside /validate's ballast_admission_duration
        assertThat(registry.get("ballast_mutation_duration").tag("outcome", "patched").tag("dry_run", "true").timer().count()).isEqualTo(1);
        assertThat(registry.get("ballast_mutation_duration").tag("outcome", "unchanged").tag("dry_run", "true").timer().count()).isEqualTo(1);
    }

    @Test
    void eachWarningSaysWhatWasSetOnceNamingTheFieldAndItsValue() {
        var m = mutator.mutation(AdmissionHandlerTest.request("CREATE", "Deployment", bareDeployment(""), null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20);
        assertThat(m.warnings()).contains(
                "ballast: baseline/run-as-non-root: set pod securityContext.runAsNonRoot: true",
                "ballast: baseline/privilege-escalation-allowed: set container \"app\": securityContext.allowPrivilegeEscalation: false",
                "ballast: baseline/probe-timeout: set container \"app\": readinessProbe.timeoutSeconds: 10 (policy maximum)",
                "ballast: baseline/memory-limit-missing: set container \"app\": resources.limits.memory: 128Mi (the request)");
        assertThat(m.warnings()).noneMatch(w -> w.contains("container \"app\": container"));
    }

    @Test
    void aPatchOverItsByteCapIsNotSentAndTheWarningSaysWhy() throws Exception {
        AdmissionMutator capped = wired(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), 200);
        var review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", AdmissionHandlerTest.request("CREATE", "Deployment", bareDeployment(""), null, "kubectl"));
        var parsed = new AdmissionHandler(null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                .parse(new ByteArrayInputStream(review.toString().getBytes(StandardCharsets.UTF_8)));

        JsonNode response = JSON.readTree(capped.mutate(parsed, Cancellation.NONE, 20).json()).get("response");

        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.has("patch")).isFalse();
        assertThat(response.get("warnings")).singleElement().extracting(JsonNode::asText).asString()
                .matches("ballast did not repair this object: its \\d+ repair operations make a \\d+-byte patch, more than 200;"
                        + " fix it with `ballast fix` instead");
    }

    @Test
    void aWorkloadWithHundredsOfContainersIsRepairedInOnePassWithAPatchProportionalToThem() {
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            containers.append("- {name: c").append(i).append(", image: x, env: [{name: PAD, value: \"").append("v".repeat(4000))
                    .append("\"}]}\n");
        }
        JsonNode object = AdmissionHandlerTest.yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: wide}
                spec:
                  selector: {matchLabels: {app: wide}}
                  template:
                    metadata: {labels: {app: wide}}
                    spec:
                      containers:
                """ + containers.toString().indent(8));
        var m = mutator.mutation(AdmissionHandlerTest.request("CREATE", "Deployment", object, null, "kubectl"),
                snapshot(mutating()), NOW, Cancellation.NONE, 20);

        assertThat(m.patch()).hasSize(2 + 256 * 2); // pod runAsNonRoot and seccomp; per container escalation and drop ALL
        assertThat(m.warnings()).hasSize(21).last().asString().matches("and \\d+ more repairs");
        assertThat(m.patch().toString().length()).as("the patch carries none of the object's padding").isLessThan(256 * 400);
        assertThat(object.at("/spec/template/spec/containers/0/securityContext").isMissingNode())
                .as("the request's object itself is left as it came").isTrue();
    }

    private static AdmissionMutator wired(io.micrometer.core.instrument.MeterRegistry registry, int maxPatchBytes) {
        return new AdmissionMutator(new FixedContext(snapshot(mutating())), registry,
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), maxPatchBytes);
    }

    private static int patchWarnings(JsonNode response) {
        int n = 0;
        for (JsonNode w : response.get("warnings")) {
            n += w.asText().startsWith("ballast: baseline/") ? 1 : 0;
        }
        return n;
    }

    /** A context whose caches have synced to a fixed snapshot. */
    static final class FixedContext extends AdmissionContext {
        private final Snapshot snapshot;

        FixedContext(Snapshot snapshot) {
            super(null, null);
            this.snapshot = snapshot;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public Snapshot snapshot() {
            return snapshot;
        }
    }
}
