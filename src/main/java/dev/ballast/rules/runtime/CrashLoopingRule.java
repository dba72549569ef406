package dev.ballast.rules.runtime;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.policy.RuntimeSettings;

/**
 * Operator only. Reads each Pod's container statuses: {@code state.waiting.reason}, {@code restartCount} and
 * {@code lastState.terminated.finishedAt}; passes when no container waits in {@code CrashLoopBackOff} and none
 * restarted more than {@code runtime.maxRestarts} times with its last termination within {@code runtime.window}.
 */
public final class CrashLoopingRule extends PodStatusRule {
    public CrashLoopingRule() {
        super(RuleId.CRASH_LOOPING, RuntimeFailure.Kind.CRASH_LOOPING);
    }

    @Override
    protected String describe(RuntimeFailure f, ContainerView c, RuntimeSettings settings) {
        String restarts = f.restarts() + " restart" + (f.restarts() == 1 ? "" : "s");
        if (ContainerStatusView.CRASH_LOOP_BACK_OFF.equals(f.reason())) {
            return " is in CrashLoopBackOff in Pod " + f.pod() + " after " + restarts + lastExit(f);
        }
        return " restarted more than " + settings.maxRestarts() + " times in Pod " + f.pod() + " (" + restarts
                + ", the last within " + RuntimeWindow.text(settings.window()) + ")" + lastExit(f);
    }

    private static String lastExit(RuntimeFailure f) {
        String exit = exit(f);
        return exit.isEmpty() ? "" : "; last exit" + exit;
    }
}
