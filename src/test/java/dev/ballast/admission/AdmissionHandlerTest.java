package dev.ballast.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The webhook's judgement of whole admission requests against a fixed snapshot and time: gitops on UPDATE (old
 * object by its last writer, new one by the request's manager), exemption-not-allowed, StabilityExceptions with
 * expiry, and HPA exemptions.
 */
class AdmissionHandlerTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    final AdmissionHandler handler = new AdmissionHandler(null, new SimpleMeterRegistry());

    static Policy enforce(boolean allowExceptions, List<Exemption> exemptions) {
        Policy p = PolicyFixture.withoutMtls();
        return new Policy("prod", Mode.Enforce, p.match(), p.probes(), p.resources(), p.securityContext(), null,
                p.autoscaling(), p.gitops(), null, null, exemptions, null, allowExceptions);
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
        Policy availability = new Policy(p.name(), p.mode(), p.match(), p.probes(), p.resources(), p.securityContext(),
                null, p.autoscaling(), p.gitops(), dev.ballast.rules.policy.AvailabilitySettings.defaults(), null,
                List.of(), null, false);
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
}
