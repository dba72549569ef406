package dev.ballast.rules.model;

import java.time.Instant;

/**
 * A container's terminated state ({@code state.terminated} or {@code lastState.terminated}): reason (e.g.
 * {@code OOMKilled}, {@code Error}; null when unset), exit code, when it finished (null when the status does not
 * say) and the Go runtime fatal error its message holds (null when none). The message itself is not kept: at
 * 100k Pods only what the rules quote may stay in memory.
 */
public record Termination(String reason, int exitCode, Instant finishedAt, GoFatal goFatal) {
    public static final String OOM_KILLED = "OOMKilled";

    public Termination {
        reason = PodView.bounded(reason, PodView.MAX_REASON_CHARS);
    }

    public boolean oomKilled() {
        return OOM_KILLED.equals(reason);
    }
}
