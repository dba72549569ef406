package dev.ballast.rules.runtime;

import dev.ballast.rules.model.GoFatal;
import java.time.Instant;

/**
 * One container of one Pod failing at run time: what happened, its restart count, the reason and exit code of the
 * termination that shows it (reason {@code CrashLoopBackOff} and exit code null when only the waiting state does),
 * when that termination finished (null when unknown) and, for {@link Kind#GO_RUNTIME_FATAL}, the quoted error.
 */
public record RuntimeFailure(Kind kind, String pod, String container, int restarts, String reason, Integer exitCode,
                             Instant finishedAt, GoFatal goFatal) {

    public enum Kind { CRASH_LOOPING, OOM_KILLED, GO_RUNTIME_FATAL }
}
