package dev.ballast.rules.runtime;

import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.GoFatal;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Termination;
import dev.ballast.rules.runtime.RuntimeFailure.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Decides from Pod status views which containers crash-loop, were OOM-killed or died of a Go runtime fatal error
 * within a window ending at {@code now} (passed in; nothing here reads a clock).
 * <ul>
 * <li>crash-looping: waiting with reason {@code CrashLoopBackOff}, or restarted more than {@code maxRestarts} times
 * with the last termination in the window. Kubernetes keeps only the last termination, so the restart count is
 * judged as a whole while that termination is recent; a container that stopped crashing drops out when its last
 * termination leaves the window.</li>
 * <li>OOM-killed: {@code lastState.terminated} or {@code state.terminated} has reason {@code OOMKilled} in the
 * window.</li>
 * <li>Go runtime fatal: such a termination's message held a {@link dev.ballast.rules.model.GoFatalError}.</li>
 * </ul>
 * A termination without {@code finishedAt} counts as within the window: its age cannot be shown to be outside.
 * One container may fail several ways (a Go out-of-memory crash loop is all three); each is reported once per
 * container, from its most recent termination that shows it.
 */
public final class RuntimeClassifier {
    private static final Comparator<RuntimeFailure> ORDER = Comparator.comparing(RuntimeFailure::kind)
            .thenComparing(RuntimeFailure::pod).thenComparing(RuntimeFailure::container);

    private RuntimeClassifier() {
    }

    public static List<RuntimeFailure> classify(Collection<PodView> pods, int maxRestarts, Duration window,
                                                Instant now) {
        Instant since = now.minus(window);
        List<RuntimeFailure> failures = new ArrayList<>();
        for (PodView pod : pods) {
            for (ContainerStatusView c : pod.containers()) {
                classify(pod.name(), c, maxRestarts, since, failures);
            }
        }
        failures.sort(ORDER);
        return List.copyOf(failures);
    }

    private static void classify(String pod, ContainerStatusView c, int maxRestarts, Instant since,
                                 List<RuntimeFailure> out) {
        List<Termination> recent = new ArrayList<>(2);
        if (recent(c.terminated(), since)) {
            recent.add(c.terminated());
        }
        boolean lastRecent = recent(c.lastTerminated(), since);
        if (lastRecent) {
            recent.add(c.lastTerminated());
        }
        if (c.crashLoopBackOff()) {
            Termination last = c.lastTerminated();
            out.add(failure(Kind.CRASH_LOOPING, pod, c, ContainerStatusView.CRASH_LOOP_BACK_OFF,
                    last == null ? null : last.exitCode(), last == null ? null : last.finishedAt(), null));
        } else if (c.restartCount() > maxRestarts && lastRecent) {
            out.add(failure(Kind.CRASH_LOOPING, pod, c, c.lastTerminated(), null));
        }
        recent.stream().filter(Termination::oomKilled).findFirst()
                .ifPresent(t -> out.add(failure(Kind.OOM_KILLED, pod, c, t, null)));
        recent.stream().filter(t -> t.goFatal() != null).findFirst()
                .ifPresent(t -> out.add(failure(Kind.GO_RUNTIME_FATAL, pod, c, t, t.goFatal())));
    }

    private static boolean recent(Termination t, Instant since) {
        return t != null && (t.finishedAt() == null || !t.finishedAt().isBefore(since));
    }

    private static RuntimeFailure failure(Kind kind, String pod, ContainerStatusView c, Termination t,
                                          GoFatal fatal) {
        return failure(kind, pod, c, t.reason(), t.exitCode(), t.finishedAt(), fatal);
    }

    private static RuntimeFailure failure(Kind kind, String pod, ContainerStatusView c, String reason,
                                          Integer exitCode, Instant finishedAt, GoFatal fatal) {
        return new RuntimeFailure(kind, pod, c.name(), c.restartCount(), reason, exitCode, finishedAt, fatal);
    }
}
