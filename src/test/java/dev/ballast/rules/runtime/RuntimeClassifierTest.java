package dev.ballast.rules.runtime;

import static dev.ballast.rules.runtime.RuntimeFailure.Kind.CRASH_LOOPING;
import static dev.ballast.rules.runtime.RuntimeFailure.Kind.GO_RUNTIME_FATAL;
import static dev.ballast.rules.runtime.RuntimeFailure.Kind.OOM_KILLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.GoFatal;
import dev.ballast.rules.model.GoFatalError;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Termination;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeClassifierTest {
    static final Instant NOW = Instant.parse("2026-11-29T21:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);
    static final Instant RECENT = NOW.minus(Duration.ofMinutes(5));
    static final Instant OLD = NOW.minus(Duration.ofHours(2));
    static final String CMW = "fatal error: concurrent map writes\n\ngoroutine 7 [running]:\nmain.main.func1()\n"
            + "\t/app/main.go:3 +0x5b\n";

    @Test
    void healthyPodsAndNoPodsPass() {
        PodView healthy = pod("web-1", new ContainerStatusView("app", 0, null, null, null));

        assertThat(classify(List.of(healthy))).isEmpty();
        assertThat(classify(List.of())).isEmpty();
        assertThat(healthy.containers()).as("healthy containers are not kept").isEmpty();
    }

    @Test
    void crashLoopBackOffFailsWhateverTheRestartCount() {
        PodView pod = pod("web-1", new ContainerStatusView("app", 1, "CrashLoopBackOff", null,
                new Termination("Error", 2, RECENT, null)));

        assertThat(classify(List.of(pod))).extracting(RuntimeFailure::kind, RuntimeFailure::container,
                RuntimeFailure::reason, RuntimeFailure::exitCode, RuntimeFailure::restarts)
                .containsExactly(tuple(CRASH_LOOPING, "app", "CrashLoopBackOff", 2, 1));
    }

    @Test
    void crashLoopBackOffWithoutAnyTerminationStillFails() {
        PodView pod = pod("web-1", new ContainerStatusView("app", 0, "CrashLoopBackOff", null, null));

        assertThat(classify(List.of(pod))).extracting(RuntimeFailure::kind, RuntimeFailure::exitCode,
                RuntimeFailure::finishedAt).containsExactly(tuple(CRASH_LOOPING, null, null));
    }

    @Test
    void restartsAboveTheMaximumFailOnlyWhileTheLastTerminationIsInTheWindow() {
        ContainerStatusView recent = new ContainerStatusView("app", 4, null, null,
                new Termination("Error", 1, RECENT, null));
        ContainerStatusView atMaximum = new ContainerStatusView("app", 3, null, null,
                new Termination("Error", 1, RECENT, null));
        ContainerStatusView old = new ContainerStatusView("app", 40, null, null,
                new Termination("Error", 1, OLD, null));
        ContainerStatusView edge = new ContainerStatusView("app", 4, null, null,
                new Termination("Error", 1, NOW.minus(HOUR), null));

        assertThat(classify(List.of(pod("a", recent)))).extracting(RuntimeFailure::kind, RuntimeFailure::reason)
                .containsExactly(tuple(CRASH_LOOPING, "Error"));
        assertThat(classify(List.of(pod("b", atMaximum)))).isEmpty();
        assertThat(classify(List.of(pod("c", old)))).as("out of the window").isEmpty();
        assertThat(classify(List.of(pod("d", edge)))).as("the window includes its start").hasSize(1);
    }

    @Test
    void oomKilledInTheWindowFails() {
        ContainerStatusView oom = new ContainerStatusView("app", 1, null, null,
                new Termination("OOMKilled", 137, RECENT, null));

        assertThat(classify(List.of(pod("web-1", oom)))).extracting(RuntimeFailure::kind, RuntimeFailure::exitCode,
                RuntimeFailure::finishedAt).containsExactly(tuple(OOM_KILLED, 137, RECENT));
    }

    @Test
    void oomKilledOutOfTheWindowPasses() {
        ContainerStatusView oom = new ContainerStatusView("app", 1, null, null,
                new Termination("OOMKilled", 137, OLD, null));

        assertThat(classify(List.of(pod("web-1", oom)))).isEmpty();
    }

    @Test
    void currentTerminationCountsToo() {
        ContainerStatusView oom = new ContainerStatusView("app", 0, null,
                new Termination("OOMKilled", 137, RECENT, null), null);

        assertThat(classify(List.of(pod("web-1", oom)))).extracting(RuntimeFailure::kind).containsExactly(OOM_KILLED);
    }

    @Test
    void terminationWithoutFinishedAtCountsAsRecent() {
        ContainerStatusView oom = new ContainerStatusView("app", 1, null, null,
                new Termination("OOMKilled", 137, null, null));

        assertThat(classify(List.of(pod("web-1", oom)))).extracting(RuntimeFailure::kind).containsExactly(OOM_KILLED);
    }

    @Test
    void goFatalInTheWindowIsQuoted() {
        GoFatal fatal = GoFatalScanner.scan(CMW).orElseThrow();
        ContainerStatusView crashed = new ContainerStatusView("app", 2, null, null,
                new Termination("Error", 2, RECENT, fatal));

        List<RuntimeFailure> failures = classify(List.of(pod("web-1", crashed)));

        assertThat(failures).extracting(RuntimeFailure::kind).containsExactly(GO_RUNTIME_FATAL);
        assertThat(failures.get(0).goFatal().line()).isEqualTo("fatal error: concurrent map writes");
        assertThat(failures.get(0).goFatal().frame())
                .isEqualTo("goroutine 7 [running]: main.main.func1() /app/main.go:3");
    }

    @Test
    void goFatalOutOfTheWindowPassesAndTheNewerTerminationIsJudged() {
        GoFatal fatal = GoFatalScanner.scan(CMW).orElseThrow();
        ContainerStatusView old = new ContainerStatusView("app", 2, null, null,
                new Termination("Error", 2, OLD, fatal));
        ContainerStatusView nowRunningAgainAfterCleanExit = new ContainerStatusView("app", 2, null,
                new Termination("Completed", 0, RECENT, null), new Termination("Error", 2, OLD, fatal));

        assertThat(classify(List.of(pod("web-1", old)))).isEmpty();
        assertThat(classify(List.of(pod("web-2", nowRunningAgainAfterCleanExit)))).isEmpty();
    }

    @Test
    void oneContainerCanFailEveryWayAndEachIsReportedOnce() {
        GoFatal oom = GoFatalScanner.scan("fatal error: runtime: out of memory\n").orElseThrow();
        ContainerStatusView all = new ContainerStatusView("app", 9, "CrashLoopBackOff",
                new Termination("OOMKilled", 137, RECENT, null), new Termination("OOMKilled", 2, RECENT, oom));

        assertThat(classify(List.of(pod("web-1", all)))).extracting(RuntimeFailure::kind)
                .containsExactly(CRASH_LOOPING, OOM_KILLED, GO_RUNTIME_FATAL);
    }

    @Test
    void multiContainerPodsNameEachFailingContainer() {
        GoFatal deadlock = GoFatalScanner.scan("fatal error: all goroutines are asleep - deadlock!\n").orElseThrow();
        PodView pod = pod("web-1",
                new ContainerStatusView("app", 0, null, null, null),
                new ContainerStatusView("istio-proxy", 1, null, null, new Termination("OOMKilled", 137, RECENT, null)),
                new ContainerStatusView("worker", 5, "CrashLoopBackOff", null,
                        new Termination("Error", 2, RECENT, deadlock)));
        PodView other = pod("web-2",
                new ContainerStatusView("app", 1, null, null, new Termination("Error", 2, OLD, deadlock)));

        assertThat(classify(List.of(other, pod))).extracting(RuntimeFailure::kind, RuntimeFailure::pod,
                RuntimeFailure::container).containsExactly(
                tuple(CRASH_LOOPING, "web-1", "worker"),
                tuple(OOM_KILLED, "web-1", "istio-proxy"),
                tuple(GO_RUNTIME_FATAL, "web-1", "worker"));
    }

    @Test
    void viewsBoundWhatAHostileStatusCanStore() {
        ContainerStatusView c = new ContainerStatusView("n".repeat(10_000), -5, "w".repeat(10_000), null,
                new Termination("r".repeat(10_000), 1, RECENT, null));

        assertThat(c.name()).hasSize(253);
        assertThat(c.waitingReason()).hasSize(128);
        assertThat(c.lastTerminated().reason()).hasSize(128);
        assertThat(c.restartCount()).isZero();
        assertThat(GoFatalError.values()).extracting(GoFatalError::line).allMatch(l -> l.length() < 128);
    }

    static PodView pod(String name, ContainerStatusView... containers) {
        return new PodView("shop", name, List.of(new OwnerRef("ReplicaSet", "web-5d9c7", null),
                new OwnerRef("Deployment", "web", null)), Map.of("app", "web"), List.of(containers));
    }

    private static List<RuntimeFailure> classify(List<PodView> pods) {
        return RuntimeClassifier.classify(pods, 3, HOUR, NOW);
    }
}
