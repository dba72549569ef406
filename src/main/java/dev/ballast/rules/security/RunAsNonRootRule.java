package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;

/**
 * Reads effective securityContext.runAsNonRoot and runAsUser of every container (+init, ephemeral); passes when
 * runAsNonRoot is true and runAsUser is not 0.
 */
public final class RunAsNonRootRule implements WorkloadRule<SecuritySettings> {
    @Override
    public RuleId id() {
        return RuleId.RUN_AS_NON_ROOT;
    }

    @Override
    public boolean enabled(SecuritySettings settings) {
        return settings.runAsNonRoot();
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        var pod = workload.template().security();
        for (ContainerView c : workload.template().containers()) {
            Long user = EffectiveSecurity.runAsUser(c, pod);
            if (user != null && user == 0) {
                out.add(c.name(), c.path() + ".securityContext.runAsUser",
                        "container \"" + c.name() + "\": securityContext.runAsUser is 0 (root)");
            } else if (!Boolean.TRUE.equals(EffectiveSecurity.runAsNonRoot(c, pod))) {
                out.add(c.name(), c.path() + ".securityContext.runAsNonRoot", "container \"" + c.name()
                        + "\": securityContext.runAsNonRoot is not true (container or pod level)");
            }
        }
    }
}
