package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;

/**
 * Reads securityContext.readOnlyRootFilesystem of every container (+init); passes when it is true. On only when the
 * policy sets {@code securityContext.readOnlyRootFilesystem: true}.
 */
public final class ReadOnlyRootFilesystemRule extends ContainerRule<SecuritySettings> {
    public ReadOnlyRootFilesystemRule() {
        super(RuleId.READ_ONLY_ROOT_FILESYSTEM, Policy::securityContext, SecuritySettings::readOnlyRootFilesystem,
                Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        Boolean readOnly = c.security().readOnlyRootFilesystem();
        if (!Boolean.TRUE.equals(readOnly)) {
            out.container(c, "securityContext.readOnlyRootFilesystem", ": securityContext.readOnlyRootFilesystem is "
                    + (readOnly == null ? "unset" : readOnly.toString()) + ", must be true");
        }
    }
}
