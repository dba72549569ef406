package dev.ballast.rules.model;

/**
 * What the runtime rules read from one entry of a Pod's {@code status.containerStatuses} (or
 * {@code initContainerStatuses}): restart count, {@code state.waiting.reason} (null when not waiting) and the
 * current and last terminations (null when absent).
 */
public record ContainerStatusView(String name, int restartCount, String waitingReason, Termination terminated,
                                  Termination lastTerminated) {
    public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

    public ContainerStatusView {
        name = PodView.bounded(name, PodView.MAX_NAME_CHARS);
        waitingReason = PodView.bounded(waitingReason, PodView.MAX_REASON_CHARS);
        restartCount = Math.max(0, restartCount);
    }

    public boolean crashLoopBackOff() {
        return CRASH_LOOP_BACK_OFF.equals(waitingReason);
    }

    /** True when nothing here can fail a runtime rule, so a store may drop the entry. */
    public boolean healthy() {
        return restartCount == 0 && waitingReason == null && terminated == null && lastTerminated == null;
    }
}
