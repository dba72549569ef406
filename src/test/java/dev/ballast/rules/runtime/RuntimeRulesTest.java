package dev.ballast.rules.runtime;

import static dev.ballast.rules.catalog.RuleId.CRASH_LOOPING;
import static dev.ballast.rules.catalog.RuleId.GO_RUNTIME_FATAL;
import static dev.ballast.rules.catalog.RuleId.OOM_KILLED;
import static dev.ballast.rules.catalog.RuleId.TERMINATION_MESSAGE_POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Termination;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.RuntimeSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeRulesTest {
    static final Instant NOW = Instant.parse("2026-11-29T21:00:00Z");
    static final Instant RECENT = Instant.parse("2026-11-29T20:56:00Z");
    static final Policy POLICY = PolicyFixture.baseline().toBuilder().runtime(RuntimeSettings.defaults()).build();
    static final String C0 = "spec.template.spec.containers[0]";
    static final Workload WEB = WorkloadFixture.compliant()
            .set(C0 + ".terminationMessagePolicy", "FallbackToLogsOnError").workload();

    @Test
    void terminationMessagePolicyIsJudgedEverywhere() {
        Workload unset = WorkloadFixture.compliant().workload();
        Workload file = WorkloadFixture.compliant().set(C0 + ".terminationMessagePolicy", "File").workload();

        assertThat(result(WEB, ClusterContext.EMPTY, TERMINATION_MESSAGE_POLICY).result()).isEqualTo(Result.PASS);
        assertThat(finding(unset, ClusterContext.EMPTY, TERMINATION_MESSAGE_POLICY)).satisfies(f -> {
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.field()).isEqualTo(C0 + ".terminationMessagePolicy");
            assertThat(f.message()).isEqualTo("container \"app\": terminationMessagePolicy is unset (File); set "
                    + "FallbackToLogsOnError so crash output reaches the Pod status");
        });
        assertThat(finding(file, ClusterContext.EMPTY, TERMINATION_MESSAGE_POLICY).message())
                .contains("terminationMessagePolicy is File;");
    }

    @Test
    void requireCrashMessagesFalseTurnsTheStaticRuleOff() {
        Policy relaxed = PolicyFixture.baseline().toBuilder().runtime(new RuntimeSettings(false, 3, Duration.ofHours(1))).build();

        assertThat(Rules.evaluator().evaluate(relaxed, WorkloadFixture.compliant().workload(), ClusterContext.EMPTY)
                .orElseThrow().results()).extracting(RuleResult::rule).doesNotContain(TERMINATION_MESSAGE_POLICY);
    }

    @Test
    void podStatusRulesAreNotEvaluatedWithoutObservedPods() {
        List<RuleId> rules = evaluate(WEB, ClusterContext.EMPTY).results().stream().map(RuleResult::rule).toList();

        assertThat(rules).contains(TERMINATION_MESSAGE_POLICY).doesNotContain(CRASH_LOOPING, OOM_KILLED, GO_RUNTIME_FATAL);
    }

    @Test
    void podStatusRulesPassWhenTheWorkloadHasNoPods() {
        ClusterContext operator = ClusterContext.EMPTY.at(NOW).withPods(w -> List.of());

        assertThat(evaluate(WEB, operator).results()).filteredOn(r -> r.rule().group() == WEB_RUNTIME)
                .extracting(RuleResult::rule, RuleResult::result).containsExactly(
                        org.assertj.core.api.Assertions.tuple(TERMINATION_MESSAGE_POLICY, Result.PASS),
                        org.assertj.core.api.Assertions.tuple(CRASH_LOOPING, Result.PASS),
                        org.assertj.core.api.Assertions.tuple(OOM_KILLED, Result.PASS),
                        org.assertj.core.api.Assertions.tuple(GO_RUNTIME_FATAL, Result.PASS));
    }

    static final dev.ballast.rules.catalog.Group WEB_RUNTIME = dev.ballast.rules.catalog.Group.RUNTIME;

    @Test
    void crashLoopBackOffNamesPodRestartsAndLastExit() {
        ClusterContext operator = pods(pod("web-5d9c7-a", new ContainerStatusView("app", 7, "CrashLoopBackOff", null,
                new Termination("Error", 2, RECENT, null))));

        Finding f = finding(WEB, operator, CRASH_LOOPING);

        assertThat(f.container()).isEqualTo("app");
        assertThat(f.field()).isEqualTo(C0);
        assertThat(f.message()).isEqualTo("container \"app\" is in CrashLoopBackOff in Pod web-5d9c7-a after 7 restarts; "
                + "last exit (exit code 2 at 2026-11-29T20:56:00Z)");
    }

    @Test
    void restartsAboveTheMaximumWithinTheWindow() {
        ClusterContext operator = pods(
                pod("web-5d9c7-a", new ContainerStatusView("app", 5, null, null, new Termination("Error", 1, RECENT, null))),
                pod("web-5d9c7-b", new ContainerStatusView("app", 4, null, null, new Termination("Error", 1, RECENT, null))),
                pod("web-5d9c7-c", new ContainerStatusView("app", 9, null, null,
                        new Termination("Error", 1, NOW.minus(Duration.ofHours(3)), null))));

        assertThat(finding(WEB, operator, CRASH_LOOPING).message()).isEqualTo("container \"app\" restarted more than "
                + "3 times in Pod web-5d9c7-a (5 restarts, the last within 1h); last exit (exit code 1 at "
                + "2026-11-29T20:56:00Z); and in 1 more Pod");
    }

    @Test
    void oomKilledNamesMemorySettingsAndTheStaticFindingThatExplainsIt() {
        Workload unequal = WorkloadFixture.compliant().set(C0 + ".resources.requests.memory", "256Mi").workload();
        Workload noLimit = WorkloadFixture.compliant().remove(C0 + ".resources.limits").workload();
        ClusterContext operator = pods(pod("web-5d9c7-a", new ContainerStatusView("app", 1, null, null,
                new Termination("OOMKilled", 137, RECENT, null))));

        assertThat(finding(WEB, operator, OOM_KILLED).message()).isEqualTo("container \"app\" was OOMKilled in Pod "
                + "web-5d9c7-a (exit code 137 at 2026-11-29T20:56:00Z); memory limit 512Mi, request 512Mi");
        assertThat(finding(unequal, operator, OOM_KILLED).message()).endsWith(
                "; memory limit 512Mi, request 256Mi (memory-limit-not-equal-request also fails)");
        assertThat(finding(noLimit, operator, OOM_KILLED).message()).endsWith(
                "; memory limit unset, request 512Mi (memory-limit-missing also fails)");
        assertThat(evaluate(unequal, operator).results()).filteredOn(r -> r.result() == Result.FAIL)
                .extracting(RuleResult::rule).contains(RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST, OOM_KILLED);
    }

    @Test
    void injectedContainerIsNamedFromTheStatus() {
        ClusterContext operator = pods(pod("web-5d9c7-a", new ContainerStatusView("istio-proxy", 1, null, null,
                new Termination("OOMKilled", 137, RECENT, null))));

        Finding f = finding(WEB, operator, OOM_KILLED);

        assertThat(f.container()).isEqualTo("istio-proxy");
        assertThat(f.field()).isEqualTo("status.containerStatuses");
        assertThat(f.message()).contains("not in the pod template");
    }

    @Test
    void goRuntimeFatalQuotesTheLineAndFrame() {
        var fatal = GoFatalScanner.scan("fatal error: concurrent map writes\n\ngoroutine 7 [running]:\n"
                + "internal/runtime/maps.fatal({0x4a4440?, 0x0?})\n\t/usr/local/go/src/runtime/panic.go:1181 +0x18\n"
                + "main.(*Cache).Put(...)\n\t/app/cache.go:31 +0x5b\n").orElseThrow();
        ClusterContext operator = pods(pod("web-5d9c7-a", new ContainerStatusView("app", 2, null, null,
                new Termination("Error", 2, RECENT, fatal))));

        assertThat(finding(WEB, operator, GO_RUNTIME_FATAL).message()).isEqualTo("container \"app\" died of \"fatal "
                + "error: concurrent map writes\" in Pod web-5d9c7-a (exit code 2 at 2026-11-29T20:56:00Z) at goroutine 7 "
                + "[running]: main.(*Cache).Put(...) /app/cache.go:31");
    }

    @Test
    void theWindowEndsAtTheContextTime() {
        ClusterContext later = ClusterContext.EMPTY.at(NOW.plus(Duration.ofHours(2))).withPods(w -> List.of(
                pod("web-5d9c7-a", new ContainerStatusView("app", 1, null, null,
                        new Termination("OOMKilled", 137, RECENT, null)))));

        assertThat(result(WEB, later, OOM_KILLED).result()).isEqualTo(Result.PASS);
    }

    @Test
    void theWorkloadAsksForItsOwnPods() {
        List<Workload> asked = new java.util.ArrayList<>();
        ClusterContext operator = ClusterContext.EMPTY.at(NOW).withPods(w -> {
            asked.add(w);
            return List.of();
        });

        evaluate(WEB, operator);

        assertThat(asked).isNotEmpty().allMatch(w -> w == WEB);
    }

    @Test
    void repairsFillAnUnsetTerminationMessagePolicyAndKeepAnExplicitOne() {
        Workload unset = WorkloadFixture.compliant().workload();
        Workload file = WorkloadFixture.compliant().set(C0 + ".terminationMessagePolicy", "File").workload();

        var plan = dev.ballast.rules.repair.Repairer.plan(POLICY, unset, evaluate(unset, ClusterContext.EMPTY),
                ClusterContext.EMPTY);
        assertThat(plan.repairs()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(TERMINATION_MESSAGE_POLICY);
            assertThat(r.operations()).singleElement().satisfies(op -> {
                assertThat(op.path()).isEqualTo("/spec/template/spec/containers/0/terminationMessagePolicy");
                assertThat(op.value()).isEqualTo("FallbackToLogsOnError");
            });
        });
        var kept = dev.ballast.rules.repair.Repairer.plan(POLICY, file, evaluate(file, ClusterContext.EMPTY),
                ClusterContext.EMPTY);
        assertThat(kept.repairs()).isEmpty();
        assertThat(kept.unrepairable()).filteredOn(u -> u.rule() == TERMINATION_MESSAGE_POLICY).hasSize(1);

        ClusterContext crashing = pods(pod("web-5d9c7-a", new ContainerStatusView("app", 1, "CrashLoopBackOff", null, null)));
        assertThat(dev.ballast.rules.repair.Repairer.plan(POLICY, WEB, evaluate(WEB, crashing), crashing).repairs())
                .as("a crash is not patched").isEmpty();
    }

    static PodView pod(String name, ContainerStatusView... containers) {
        return new PodView("shop", name, List.of(new OwnerRef("ReplicaSet", "web-5d9c7", null),
                new OwnerRef("Deployment", "web", null)), Map.of("app", "web"), List.of(containers));
    }

    static ClusterContext pods(PodView... pods) {
        return ClusterContext.EMPTY.at(NOW).withPods(w -> List.of(pods));
    }

    static Evaluation evaluate(Workload w, ClusterContext context) {
        return Rules.evaluator().evaluate(POLICY, w, context).orElseThrow();
    }

    static RuleResult result(Workload w, ClusterContext context, RuleId rule) {
        return evaluate(w, context).results().stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }

    static Finding finding(Workload w, ClusterContext context, RuleId rule) {
        RuleResult r = result(w, context, rule);
        assertThat(r.result()).isEqualTo(Result.FAIL);
        assertThat(r.findings()).hasSize(1);
        return r.findings().get(0);
    }
}
