package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/**
 * Reads effective securityContext.runAsNonRoot and runAsUser of every container (+init, ephemeral); passes when
 * runAsNonRoot is true and runAsUser is not 0.
 */
public final class RunAsNonRootRule extends ContainerRule<SecuritySettings> {
    public RunAsNonRootRule() {
        super(RuleId.RUN_AS_NON_ROOT, Policy::securityContext, SecuritySettings::runAsNonRoot, Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        Long user = EffectiveSecurity.runAsUser(c, pod.security());
        if (user != null && user == 0) {
            out.container(c, "securityContext.runAsUser", ": securityContext.runAsUser is 0 (root)");
        } else if (!Boolean.TRUE.equals(EffectiveSecurity.runAsNonRoot(c, pod.security()))) {
            out.container(c, "securityContext.runAsNonRoot",
                    ": securityContext.runAsNonRoot is not true (container or pod level)");
        }
    }
}
