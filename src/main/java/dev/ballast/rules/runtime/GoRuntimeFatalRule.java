package dev.ballast.rules.runtime;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.GoFatal;
import dev.ballast.rules.policy.RuntimeSettings;

/**
 * Operator only. Reads the message of {@code lastState.terminated} and {@code state.terminated} of each Pod's
 * containers (reduced by {@link GoFatalScanner}); passes when none finished within {@code runtime.window} with a
 * Go runtime fatal error ({@link dev.ballast.rules.model.GoFatalError}). The message quotes the line and, when the
 * termination message holds it, the first {@code goroutine N [running]:} frame.
 */
public final class GoRuntimeFatalRule extends PodStatusRule {
    public GoRuntimeFatalRule() {
        super(RuleId.GO_RUNTIME_FATAL, RuntimeFailure.Kind.GO_RUNTIME_FATAL);
    }

    @Override
    protected String describe(RuntimeFailure f, ContainerView c, RuntimeSettings settings) {
        GoFatal fatal = f.goFatal();
        return " died of \"" + fatal.line() + "\" in Pod " + f.pod() + exit(f)
                + (fatal.frame() == null ? "" : " at " + fatal.frame());
    }
}
