package dev.ballast.rules.repair;

import static dev.ballast.rules.catalog.RuleId.CAPABILITIES_NOT_DROPPED;
import static dev.ballast.rules.catalog.RuleId.MEMORY_LIMIT_MISSING;
import static dev.ballast.rules.catalog.RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST;
import static dev.ballast.rules.catalog.RuleId.PRIVILEGED_CONTAINER;
import static dev.ballast.rules.catalog.RuleId.PRIVILEGE_ESCALATION_ALLOWED;
import static dev.ballast.rules.catalog.RuleId.PROBE_FAILURE_THRESHOLD;
import static dev.ballast.rules.catalog.RuleId.PROBE_READINESS_MISSING;
import static dev.ballast.rules.catalog.RuleId.PROBE_TIMEOUT;
import static dev.ballast.rules.catalog.RuleId.RUN_AS_NON_ROOT;
import static dev.ballast.rules.catalog.RuleId.SECCOMP_PROFILE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.fix.JsonPatcher;
import dev.ballast.fix.PatchMaterializer;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each row: the compliant workload with one change, and either the exact repair operations (which, applied, make
 * the rule pass) or the reason the finding is left alone. mTLS is left out of the policy: it is never repairable.
 */
class RepairerTest {
    private static final String C0 = "spec.template.spec.containers[0]";
    private static final String P0 = "/spec/template/spec/containers/0";
    private static final String POD = "spec.template.spec";
    private static final Policy POLICY = PolicyFixture.withoutMtls();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Arguments repaired(String name, UnaryOperator<WorkloadFixture> change, RuleId rule, PatchOperation... ops) {
        return Arguments.of(name, change, rule, List.of(ops), null);
    }

    static Arguments kept(String name, UnaryOperator<WorkloadFixture> change, RuleId rule, String reason) {
        return Arguments.of(name, change, rule, List.of(), reason);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                repaired("runAsNonRoot unset everywhere: set at pod level", f -> f.remove(POD + ".securityContext.runAsNonRoot"),
                        RUN_AS_NON_ROOT, PatchOperation.add("/spec/template/spec/securityContext/runAsNonRoot", true)),
                repaired("runAsNonRoot unset, another container sets its own: set on the container",
                        f -> f.remove(POD + ".securityContext.runAsNonRoot")
                                .set("spec.template.spec.containers[1]", "{name: side, image: x, securityContext: {runAsNonRoot: true, "
                                        + "allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}, resources: {requests: {cpu: 100m}, limits: {memory: 1Gi}}, "
                                        + "readinessProbe: {httpGet: {path: /readyz, port: 1}, failureThreshold: 5}}"),
                        RUN_AS_NON_ROOT, PatchOperation.add(P0 + "/securityContext/runAsNonRoot", true)),
                kept("runAsNonRoot: false is kept", f -> f.set(C0 + ".securityContext.runAsNonRoot", "false"),
                        RUN_AS_NON_ROOT, "runAsNonRoot: false is an explicit choice; kept"),
                kept("runAsNonRoot: false at pod level is kept", f -> f.set(POD + ".securityContext.runAsNonRoot", "false"),
                        RUN_AS_NON_ROOT, "runAsNonRoot: false is an explicit choice; kept"),
                kept("runAsUser: 0 is kept", f -> f.set(C0 + ".securityContext.runAsUser", "0"),
                        RUN_AS_NON_ROOT, "runAsUser: 0 is an explicit choice; kept"),
                repaired("allowPrivilegeEscalation unset", f -> f.remove(C0 + ".securityContext.allowPrivilegeEscalation"),
                        PRIVILEGE_ESCALATION_ALLOWED, PatchOperation.add(P0 + "/securityContext/allowPrivilegeEscalation", false)),
                kept("allowPrivilegeEscalation: true is kept", f -> f.set(C0 + ".securityContext.allowPrivilegeEscalation", "true"),
                        PRIVILEGE_ESCALATION_ALLOWED, "allowPrivilegeEscalation: true is an explicit choice; kept"),
                kept("privileged: true is kept", f -> f.set(C0 + ".securityContext.privileged", "true"),
                        PRIVILEGED_CONTAINER, "privileged: true is an explicit choice; kept"),
                kept("privileged: true blocks allowPrivilegeEscalation: false",
                        f -> f.set(C0 + ".securityContext.privileged", "true").remove(C0 + ".securityContext.allowPrivilegeEscalation"),
                        PRIVILEGE_ESCALATION_ALLOWED,
                        "privileged: true is an explicit choice, and Kubernetes rejects it with allowPrivilegeEscalation: false"),
                repaired("capabilities not dropped", f -> f.remove(C0 + ".securityContext.capabilities"),
                        CAPABILITIES_NOT_DROPPED, PatchOperation.add(P0 + "/securityContext/capabilities/drop/-", "ALL")),
                repaired("capabilities drop without ALL", f -> f.set(C0 + ".securityContext.capabilities.drop", "[NET_RAW]"),
                        CAPABILITIES_NOT_DROPPED, PatchOperation.add(P0 + "/securityContext/capabilities/drop/-", "ALL")),
                repaired("seccomp unset everywhere: set at pod level", f -> f.remove(POD + ".securityContext.seccompProfile"),
                        SECCOMP_PROFILE, PatchOperation.add("/spec/template/spec/securityContext/seccompProfile",
                                Map.of("type", "RuntimeDefault"))),
                kept("seccomp Unconfined is kept", f -> f.set(C0 + ".securityContext.seccompProfile", "{type: Unconfined}"),
                        SECCOMP_PROFILE, "seccompProfile.type Unconfined is an explicit choice; kept"),
                repaired("memory limit missing: the request is copied", f -> f.remove(C0 + ".resources.limits"),
                        MEMORY_LIMIT_MISSING, PatchOperation.add(P0 + "/resources/limits/memory", "512Mi")),
                kept("memory limit missing and no request", f -> f.remove(C0 + ".resources"),
                        MEMORY_LIMIT_MISSING, "no valid memory request to copy; a limit cannot be invented"),
                repaired("memory request differs: it follows the limit", f -> f.set(C0 + ".resources.requests.memory", "256Mi"),
                        MEMORY_LIMIT_NOT_EQUAL_REQUEST, PatchOperation.add(P0 + "/resources/requests/memory", "512Mi")),
                repaired("probe timeout above the maximum: moved to it", f -> f.set(C0 + ".readinessProbe.timeoutSeconds", "30"),
                        PROBE_TIMEOUT, PatchOperation.add(P0 + "/readinessProbe/timeoutSeconds", 10)),
                repaired("liveness timeout above the maximum", f -> f.set(C0 + ".livenessProbe.timeoutSeconds", "30"),
                        PROBE_TIMEOUT, PatchOperation.add(P0 + "/livenessProbe/timeoutSeconds", 10)),
                repaired("failure threshold below the minimum: moved to it", f -> f.set(C0 + ".readinessProbe.failureThreshold", "1"),
                        PROBE_FAILURE_THRESHOLD, PatchOperation.add(P0 + "/readinessProbe/failureThreshold", 5)),
                repaired("failure threshold defaulted (3): set to the minimum", f -> f.remove(C0 + ".readinessProbe.failureThreshold"),
                        PROBE_FAILURE_THRESHOLD, PatchOperation.add(P0 + "/readinessProbe/failureThreshold", 5)),
                kept("no readiness probe: no endpoint is invented", f -> f.remove(C0 + ".readinessProbe"),
                        PROBE_READINESS_MISSING, "a probe endpoint cannot be invented"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void repairsOrKeeps(String name, UnaryOperator<WorkloadFixture> change, RuleId rule, List<PatchOperation> ops,
                        String reason) {
        WorkloadFixture fixture = change.apply(WorkloadFixture.compliant());
        Workload workload = fixture.workload();
        Evaluation before = evaluate(workload, ClusterContext.EMPTY);
        assertThat(before.failures()).extracting(f -> f.rule()).contains(rule);

        RepairPlan plan = Repairer.plan(POLICY, workload, before, ClusterContext.EMPTY);
        List<PatchOperation> got = plan.repairs().stream().filter(r -> r.rule() == rule)
                .flatMap(r -> r.operations().stream()).toList();
        if (reason == null) {
            assertThat(got).isEqualTo(ops);
            assertThat(plan.repairs()).allSatisfy(r -> assertThat(r.summary()).isNotBlank());
            JsonNode fixed = apply(fixture.json(), plan.operationsOn(workload.ref()));
            Evaluation after = evaluate(WorkloadMapper.map(fixed, SourceRef.file("test.yaml", 1)), ClusterContext.EMPTY);
            assertThat(after.failures()).as("failures after the repair").isEmpty();
        } else {
            assertThat(got).isEmpty();
            assertThat(plan.unrepairable()).filteredOn(u -> u.rule() == rule).extracting(Unrepairable::reason).contains(reason);
        }
    }

    @Test
    void everyFailureIsEitherRepairedOrExplained() {
        WorkloadFixture fixture = WorkloadFixture.compliant().remove(C0 + ".securityContext").remove(POD + ".securityContext")
                .remove(C0 + ".readinessProbe").set(C0 + ".resources.requests.memory", "1Gi");
        Workload workload = fixture.workload();
        Evaluation before = evaluate(workload, ClusterContext.EMPTY);
        RepairPlan plan = Repairer.plan(POLICY, workload, before, ClusterContext.EMPTY);
        Evaluation after = evaluate(WorkloadMapper.map(apply(fixture.json(), plan.operationsOn(workload.ref())),
                SourceRef.file("test.yaml", 1)), ClusterContext.EMPTY);
        assertThat(after.failures()).extracting(f -> f.rule()).containsExactly(PROBE_READINESS_MISSING);
        assertThat(plan.unrepairable()).extracting(Unrepairable::rule).containsExactly(PROBE_READINESS_MISSING);
    }

    static Stream<Arguments> hpas() {
        return Stream.of(
                Arguments.of("v2 target above the maximum is lowered", """
                        apiVersion: autoscaling/v2
                        kind: HorizontalPodAutoscaler
                        metadata: {name: web, namespace: shop}
                        spec:
                          scaleTargetRef: {kind: Deployment, name: web}
                          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 90}}}]
                        """, List.of(PatchOperation.replace("/spec/metrics/0/resource/target/averageUtilization", 60))),
                Arguments.of("v2 without metrics gets the explicit CPU metric", """
                        apiVersion: autoscaling/v2
                        kind: HorizontalPodAutoscaler
                        metadata: {name: web, namespace: shop}
                        spec:
                          scaleTargetRef: {kind: Deployment, name: web}
                        """, List.of(PatchOperation.add("/spec/metrics", List.of(Map.of("type", "Resource", "resource",
                        Map.of("name", "cpu", "target", Map.of("type", "Utilization", "averageUtilization", 60))))))),
                Arguments.of("v1 without a target gets targetCPUUtilizationPercentage", """
                        apiVersion: autoscaling/v1
                        kind: HorizontalPodAutoscaler
                        metadata: {name: web, namespace: shop}
                        spec:
                          scaleTargetRef: {kind: Deployment, name: web}
                        """, List.of(PatchOperation.add("/spec/targetCPUUtilizationPercentage", 60))),
                Arguments.of("v1 target at the maximum is left alone", """
                        apiVersion: autoscaling/v1
                        kind: HorizontalPodAutoscaler
                        metadata: {name: web, namespace: shop}
                        spec:
                          scaleTargetRef: {kind: Deployment, name: web}
                          targetCPUUtilizationPercentage: 60
                        """, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hpas")
    void hpaTargetsMoveToTheMaximum(String name, String yaml, List<PatchOperation> ops) throws Exception {
        JsonNode object = YAML.readTree(yaml);
        HpaView hpa = ContextMapper.hpa(object, SourceRef.file("hpa.yaml", 1));
        Workload workload = WorkloadFixture.compliant().workload();
        ClusterContext context = ClusterContext.of(List.of(new NamespaceView("shop", Map.of())), List.of(), List.of(hpa));
        RepairPlan plan = Repairer.plan(POLICY, workload, evaluate(workload, context), context);
        List<PatchOperation> got = plan.repairs().stream().flatMap(r -> r.operations().stream()).toList();
        assertThat(got).usingRecursiveFieldByFieldElementComparator().isEqualTo(ops);
        // the HPA judged on its own (admission) gets the same repairs
        Evaluation own = Rules.evaluator().evaluate(POLICY, hpa, context).orElseThrow();
        assertThat(Repairer.plan(POLICY, hpa, own).repairs().stream().flatMap(r -> r.operations().stream()).toList())
                .usingRecursiveFieldByFieldElementComparator().isEqualTo(ops);
        if (!ops.isEmpty()) {
            assertThat(plan.repairs()).allSatisfy(r -> assertThat(r.target().kind()).isEqualTo("HorizontalPodAutoscaler"));
            HpaView fixed = ContextMapper.hpa(apply(object, got), SourceRef.file("hpa.yaml", 1));
            ClusterContext after = ClusterContext.of(List.of(new NamespaceView("shop", Map.of())), List.of(), List.of(fixed));
            assertThat(evaluate(workload, after).failures()).isEmpty();
        }
    }

    @Test
    void hpaRepairSummariesSayWhatChangesWithoutRenamingTheHpaTheyTarget() throws Exception {
        HpaView hpa = ContextMapper.hpa(YAML.readTree(hpas().findFirst().orElseThrow().get()[1].toString()),
                SourceRef.file("hpa.yaml", 1));
        assertThat(HpaRepairs.targets(hpa, 60)).singleElement().satisfies(t -> {
            assertThat(t.repair().target().name()).isEqualTo("web");
            assertThat(t.repair().summary()).isEqualTo("spec.metrics[0].resource.target.averageUtilization: 60 (was 90, policy maximum 60)");
        });
    }

    private static JsonNode apply(JsonNode object, List<PatchOperation> ops) {
        return JsonPatcher.apply(object, PatchMaterializer.materialize(object, ops));
    }

    private static Evaluation evaluate(Workload workload, ClusterContext context) {
        return Rules.evaluator().evaluate(POLICY, workload, context).orElseThrow();
    }
}
