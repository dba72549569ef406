package dev.ballast.rules.runtime;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.RuntimeSettings;

/**
 * Reads terminationMessagePolicy of each main container (Kubernetes' default is {@code File}); passes when it is
 * {@code FallbackToLogsOnError}, so a crash's last log lines (a Go fatal error) reach the Pod status without log
 * access. On when {@code runtime.requireCrashMessages}.
 */
public final class TerminationMessagePolicyRule extends ContainerRule<RuntimeSettings> {
    public static final String FALLBACK_TO_LOGS_ON_ERROR = "FallbackToLogsOnError";

    public TerminationMessagePolicyRule() {
        super(RuleId.TERMINATION_MESSAGE_POLICY, Policy::runtime, RuntimeSettings::requireCrashMessages, Scope.MAIN);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, RuntimeSettings settings, Violations out) {
        if (!FALLBACK_TO_LOGS_ON_ERROR.equals(c.terminationMessagePolicy())) {
            String value = c.terminationMessagePolicy() == null ? "unset (File)" : c.terminationMessagePolicy();
            out.container(c, "terminationMessagePolicy", ": terminationMessagePolicy is " + value
                    + "; set " + FALLBACK_TO_LOGS_ON_ERROR + " so crash output reaches the Pod status");
        }
    }
}
