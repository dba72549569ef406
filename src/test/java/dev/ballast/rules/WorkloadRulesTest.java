package dev.ballast.rules;

import static dev.ballast.rules.catalog.RuleId.CAPABILITIES_ADDED;
import static dev.ballast.rules.catalog.RuleId.CAPABILITIES_NOT_DROPPED;
import static dev.ballast.rules.catalog.RuleId.CPU_REQUEST_MISSING;
import static dev.ballast.rules.catalog.RuleId.HOST_NAMESPACES;
import static dev.ballast.rules.catalog.RuleId.MEMORY_LIMIT_MISSING;
import static dev.ballast.rules.catalog.RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST;
import static dev.ballast.rules.catalog.RuleId.MTLS_SIDECAR_MISSING;
import static dev.ballast.rules.catalog.RuleId.PRIVILEGED_CONTAINER;
import static dev.ballast.rules.catalog.RuleId.PRIVILEGE_ESCALATION_ALLOWED;
import static dev.ballast.rules.catalog.RuleId.PROBE_FAILURE_THRESHOLD;
import static dev.ballast.rules.catalog.RuleId.PROBE_READINESS_MISSING;
import static dev.ballast.rules.catalog.RuleId.PROBE_READINESS_PATH;
import static dev.ballast.rules.catalog.RuleId.PROBE_TIMEOUT;
import static dev.ballast.rules.catalog.RuleId.RUN_AS_NON_ROOT;
import static dev.ballast.rules.catalog.RuleId.SECCOMP_PROFILE;
import static dev.ballast.rules.catalog.RuleId.VOLUME_TYPE_NOT_ALLOWED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each row: the compliant workload with one change, the one rule that must fail, and the container and field
 * it must name. Every other rule must still pass, so a row proves its rule fires and nothing else does.
 */
class WorkloadRulesTest {
    static final List<NamespaceView> MESHED_NAMESPACES =
            List.of(new NamespaceView("shop", Map.of("istio-injection", "enabled")));
    static final List<PeerAuthenticationView> MESH_PAS = List.of(new PeerAuthenticationView("istio-system", "default",
            Instant.parse("2026-01-01T00:00:00Z"), Map.of(), MtlsMode.STRICT, Map.of(), SourceRef.NONE));
    static final ClusterContext MESHED = ClusterContext.of(MESHED_NAMESPACES, MESH_PAS, List.of());
    private static final String C0 = "spec.template.spec.containers[0]";
    private static final String POD = "spec.template.spec";

    static Stream<Arguments> violations() {
        return Stream.of(
                row("no readiness probe", f -> f.remove(C0 + ".readinessProbe"), PROBE_READINESS_MISSING, "app", C0 + ".readinessProbe"),
                row("readiness path not allowed", f -> f.set(C0 + ".readinessProbe.httpGet.path", "/status"), PROBE_READINESS_PATH, "app", C0 + ".readinessProbe.httpGet.path"),
                row("readiness path not allowed with a query", f -> f.set(C0 + ".readinessProbe.httpGet.path", "/status?full=1"), PROBE_READINESS_PATH, "app", C0 + ".readinessProbe.httpGet.path"),
                row("readiness path unset means /", f -> f.remove(C0 + ".readinessProbe.httpGet.path"), PROBE_READINESS_PATH, "app", C0 + ".readinessProbe.httpGet.path"),
                row("readiness timeout too long", f -> f.set(C0 + ".readinessProbe.timeoutSeconds", "11"), PROBE_TIMEOUT, "app", C0 + ".readinessProbe.timeoutSeconds"),
                row("liveness timeout too long", f -> f.set(C0 + ".livenessProbe.timeoutSeconds", "30"), PROBE_TIMEOUT, "app", C0 + ".livenessProbe.timeoutSeconds"),
                row("startup timeout uses readiness max", f -> f.set(C0 + ".startupProbe", "{exec: {command: [true]}, timeoutSeconds: 11}"), PROBE_TIMEOUT, "app", C0 + ".startupProbe.timeoutSeconds"),
                row("failure threshold below minimum", f -> f.set(C0 + ".readinessProbe.failureThreshold", "4"), PROBE_FAILURE_THRESHOLD, "app", C0 + ".readinessProbe.failureThreshold"),
                row("failure threshold unset is 3", f -> f.remove(C0 + ".readinessProbe.failureThreshold"), PROBE_FAILURE_THRESHOLD, "app", C0 + ".readinessProbe.failureThreshold"),
                row("no memory limit", f -> f.remove(C0 + ".resources.limits"), MEMORY_LIMIT_MISSING, "app", C0 + ".resources.limits.memory"),
                row("no cpu request", f -> f.remove(C0 + ".resources.requests.cpu"), CPU_REQUEST_MISSING, "app", C0 + ".resources.requests.cpu"),
                row("request below limit", f -> f.set(C0 + ".resources.requests.memory", "256Mi"), MEMORY_LIMIT_NOT_EQUAL_REQUEST, "app", C0 + ".resources.requests.memory"),
                row("unparseable limit", f -> f.set(C0 + ".resources.limits.memory", "lots"), MEMORY_LIMIT_NOT_EQUAL_REQUEST, "app", C0 + ".resources.limits.memory"),
                row("pod runAsNonRoot false", f -> f.set(POD + ".securityContext.runAsNonRoot", "false"), RUN_AS_NON_ROOT, "app", C0 + ".securityContext.runAsNonRoot"),
                row("container runAsNonRoot overrides pod", f -> f.set(C0 + ".securityContext.runAsNonRoot", "false"), RUN_AS_NON_ROOT, "app", C0 + ".securityContext.runAsNonRoot"),
                row("runAsUser 0", f -> f.set(C0 + ".securityContext.runAsUser", "0"), RUN_AS_NON_ROOT, "app", C0 + ".securityContext.runAsUser"),
                row("pod runAsUser 0", f -> f.set(POD + ".securityContext.runAsUser", "0"), RUN_AS_NON_ROOT, "app", C0 + ".securityContext.runAsUser"),
                row("escalation unset", f -> f.remove(C0 + ".securityContext.allowPrivilegeEscalation"), PRIVILEGE_ESCALATION_ALLOWED, "app", C0 + ".securityContext.allowPrivilegeEscalation"),
                row("privileged", f -> f.set(C0 + ".securityContext.privileged", "true"), PRIVILEGED_CONTAINER, "app", C0 + ".securityContext.privileged"),
                row("hostPID", f -> f.set(POD + ".hostPID", "true"), HOST_NAMESPACES, null, POD + ".hostPID"),
                row("hostNetwork", f -> f.set(POD + ".hostNetwork", "true"), HOST_NAMESPACES, null, POD + ".hostNetwork"),
                row("capabilities not dropped", f -> f.set(C0 + ".securityContext.capabilities.drop", "[NET_RAW]"), CAPABILITIES_NOT_DROPPED, "app", C0 + ".securityContext.capabilities.drop"),
                row("capability added", f -> f.set(C0 + ".securityContext.capabilities.add", "[SYS_ADMIN]"), CAPABILITIES_ADDED, "app", C0 + ".securityContext.capabilities.add"),
                row("pod seccomp Unconfined", f -> f.set(POD + ".securityContext.seccompProfile.type", "Unconfined"), SECCOMP_PROFILE, "app", C0 + ".securityContext.seccompProfile.type"),
                row("container seccomp overrides pod", f -> f.set(C0 + ".securityContext.seccompProfile", "{type: Unconfined}"), SECCOMP_PROFILE, "app", C0 + ".securityContext.seccompProfile.type"),
                row("hostPath volume", f -> f.set(POD + ".volumes[1]", "{name: host, hostPath: {path: /var}}"), VOLUME_TYPE_NOT_ALLOWED, null, POD + ".volumes[1]"),
                row("sidecar opt-out", f -> f.set("spec.template.metadata.annotations", "{sidecar.istio.io/inject: 'false'}"), MTLS_SIDECAR_MISSING, null, "spec.template.metadata.labels[sidecar.istio.io/inject]"),
                row("init container runs as root", f -> f.set(POD + ".initContainers", "[{name: init, image: x, securityContext: {runAsUser: 0, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]"), RUN_AS_NON_ROOT, "init", POD + ".initContainers[0].securityContext.runAsUser"),
                row("init container keeps capabilities", f -> f.set(POD + ".initContainers", "[{name: init, image: x, securityContext: {allowPrivilegeEscalation: false}}]"), CAPABILITIES_NOT_DROPPED, "init", POD + ".initContainers[0].securityContext.capabilities.drop"),
                row("ephemeral container privileged", f -> f.set(POD + ".ephemeralContainers", "[{name: debug, image: x, securityContext: {privileged: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]"), PRIVILEGED_CONTAINER, "debug", POD + ".ephemeralContainers[0].securityContext.privileged"));
    }

    private static Arguments row(String name, UnaryOperator<WorkloadFixture> change, RuleId rule, String container, String field) {
        return arguments(name, change, rule, container, field);
    }

    @Test
    void compliantWorkloadPassesEveryRule() {
        Evaluation e = evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant());
        assertThat(e.results()).allSatisfy(r -> assertThat(r.result()).as(r.rule().id()).isEqualTo(Result.PASS));
        assertThat(e.results()).extracting(RuleResult::rule).doesNotContain(RuleId.PROBE_LIVENESS_MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void oneChangeFailsExactlyOneRule(String name, UnaryOperator<WorkloadFixture> change, RuleId rule, String container,
                                      String field) {
        Evaluation e = evaluate(PolicyFixture.baseline(), change.apply(WorkloadFixture.compliant()));
        assertThat(e.results()).filteredOn(r -> r.result() != Result.PASS).extracting(RuleResult::rule).containsExactly(rule);
        Finding finding = e.results().stream().filter(r -> r.rule() == rule).findFirst().orElseThrow().findings().get(0);
        assertThat(finding.container()).isEqualTo(container);
        assertThat(finding.field()).isEqualTo(field);
        if (container != null) {
            assertThat(finding.message()).contains("\"" + container + "\"");
        }
    }

    @Test
    void messagesNameContainerFieldAndLimit() {
        Evaluation e = evaluate(PolicyFixture.baseline(),
                WorkloadFixture.compliant().set(C0 + ".readinessProbe.timeoutSeconds", "30"));
        assertThat(e.results().stream().filter(r -> r.result() == Result.FAIL).findFirst().orElseThrow().findings())
                .extracting(Finding::message)
                .containsExactly("container \"app\": readinessProbe.timeoutSeconds is 30, policy maximum is 10");
    }

    @Test
    void everyContainerIsReportedNotJustTheFirst() {
        Evaluation e = evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant()
                .set(POD + ".containers[1]", "{name: sidecar, image: x}"));
        RuleResult missing = e.results().stream().filter(r -> r.rule() == PROBE_READINESS_MISSING).findFirst().orElseThrow();
        assertThat(missing.findings()).extracting(Finding::container).containsExactly("sidecar");
        RuleResult drop = e.results().stream().filter(r -> r.rule() == CAPABILITIES_NOT_DROPPED).findFirst().orElseThrow();
        assertThat(drop.result()).isEqualTo(Result.FAIL);
    }

    @Test
    void livenessRequiredTurnsOnItsRule() {
        var probes = new dev.ballast.rules.policy.ProbeSettings(true, List.of("/readyz"), 10, 5, true, 10);
        Evaluation e = evaluate(PolicyFixture.withProbes(probes), WorkloadFixture.compliant().remove(C0 + ".livenessProbe"));
        assertThat(e.results()).filteredOn(r -> r.result() == Result.FAIL).extracting(RuleResult::rule)
                .containsExactly(RuleId.PROBE_LIVENESS_MISSING);
    }

    @Test
    void emptyAllowedPathsAllowsAnyPath() {
        var probes = new dev.ballast.rules.policy.ProbeSettings(true, List.of(), 10, 5, false, 10);
        Evaluation e = evaluate(PolicyFixture.withProbes(probes),
                WorkloadFixture.compliant().set(C0 + ".readinessProbe.httpGet.path", "/anything"));
        assertThat(e.compliant()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/readyz?full=1", "/readyz#top", "/readyz?verbose&full=1#x"})
    void readinessPathIsComparedWithoutQueryOrFragment(String path) {
        Evaluation e = evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant().set(C0 + ".readinessProbe.httpGet.path", path));
        assertThat(e.compliant()).as(path).isTrue();
    }

    @Test
    void nonHttpReadinessProbePassesPathRule() {
        Evaluation e = evaluate(PolicyFixture.baseline(),
                WorkloadFixture.compliant().set(C0 + ".readinessProbe", "{tcpSocket: {port: 8080}, failureThreshold: 5}"));
        assertThat(e.compliant()).isTrue();
    }

    @Test
    void allowedCapabilityMayBeAdded() {
        var s = dev.ballast.rules.policy.SecuritySettings.defaults();
        var security = new dev.ballast.rules.policy.SecuritySettings(s.runAsNonRoot(), s.allowPrivilegeEscalation(),
                s.privileged(), s.hostNamespaces(), s.dropAllCapabilities(), java.util.Set.of("NET_BIND_SERVICE"),
                s.seccompProfile(), s.allowedVolumeTypes(), s.readOnlyRootFilesystem());
        Evaluation e = evaluate(PolicyFixture.withSecurity(security), WorkloadFixture.compliant()
                .set(C0 + ".securityContext.capabilities.add", "[CAP_NET_BIND_SERVICE]"));
        assertThat(e.compliant()).isTrue();
    }

    @Test
    void readOnlyRootFilesystemIsOffByDefaultAndJudgesEveryContainerWhenOn() {
        assertThat(evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant()).results()).extracting(RuleResult::rule)
                .doesNotContain(RuleId.READ_ONLY_ROOT_FILESYSTEM);
        var s = dev.ballast.rules.policy.SecuritySettings.defaults();
        var on = PolicyFixture.withSecurity(new dev.ballast.rules.policy.SecuritySettings(s.runAsNonRoot(),
                s.allowPrivilegeEscalation(), s.privileged(), s.hostNamespaces(), s.dropAllCapabilities(),
                s.allowedCapabilities(), s.seccompProfile(), s.allowedVolumeTypes(), true));
        var readOnly = WorkloadFixture.compliant().set(C0 + ".securityContext.readOnlyRootFilesystem", "true");
        assertThat(evaluate(on, readOnly).compliant()).isTrue();
        Evaluation writable = evaluate(on, WorkloadFixture.compliant());
        assertThat(writable.results()).filteredOn(r -> r.result() != Result.PASS).extracting(RuleResult::rule)
                .containsExactly(RuleId.READ_ONLY_ROOT_FILESYSTEM);
        assertThat(writable.failures()).singleElement().satisfies(f -> assertThat(f.finding().message())
                .isEqualTo("container \"app\": securityContext.readOnlyRootFilesystem is unset, must be true"));
        Evaluation init = evaluate(on, readOnly.set(POD + ".initContainers", "[{name: init, image: x, securityContext: "
                + "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: false}}]"));
        assertThat(init.failures()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleId.READ_ONLY_ROOT_FILESYSTEM);
            assertThat(f.finding().field()).isEqualTo(POD + ".initContainers[0].securityContext.readOnlyRootFilesystem");
        });
    }

    @Test
    void memoryQuantitiesCompareExactly() {
        Evaluation e = evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant()
                .set(C0 + ".resources.requests.memory", "536870912").set(C0 + ".resources.limits.memory", "0.5Gi"));
        assertThat(e.compliant()).isTrue();
        Evaluation unsetRequest = evaluate(PolicyFixture.baseline(), WorkloadFixture.compliant()
                .remove(C0 + ".resources.requests.memory"));
        assertThat(unsetRequest.compliant()).isTrue();
    }

    @Test
    void cpuRequestIsRequiredOfMainContainersOnlyAndCanBeTurnedOff() {
        var init = WorkloadFixture.compliant().set(POD + ".initContainers", "[{name: init, image: x, securityContext: "
                + "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]");
        assertThat(evaluate(PolicyFixture.baseline(), init).compliant()).isTrue();
        var off = new dev.ballast.rules.policy.ResourceSettings(true, true, false);
        Evaluation e = evaluate(PolicyFixture.withResources(off), WorkloadFixture.compliant().remove(C0 + ".resources.requests.cpu"));
        assertThat(e.compliant()).isTrue();
        assertThat(e.results()).extracting(RuleResult::rule).doesNotContain(CPU_REQUEST_MISSING);
    }

    static Evaluation evaluate(Policy policy, WorkloadFixture fixture) {
        return Rules.evaluator().evaluate(policy, fixture.workload(), MESHED).orElseThrow();
    }
}
