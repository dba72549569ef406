package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;
import java.util.TreeSet;

/**
 * Reads securityContext.capabilities.add of every container (+init); passes when each entry is in
 * allowedCapabilities (a {@code CAP_} prefix is ignored, as the container runtime ignores it).
 */
public final class CapabilitiesAddedRule extends ContainerRule<SecuritySettings> {
    public CapabilitiesAddedRule() {
        super(RuleId.CAPABILITIES_ADDED, Policy::securityContext, Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, SecuritySettings settings, Violations out) {
        for (String capability : c.security().addedCapabilities()) {
            String bare = capability.startsWith("CAP_") ? capability.substring(4) : capability;
            if (!settings.allowedCapabilities().contains(bare)) {
                out.container(c, "securityContext.capabilities.add", ": securityContext.capabilities.add contains "
                        + capability + (settings.allowedCapabilities().isEmpty() ? ", no capability may be added"
                        : ", allowed: " + String.join(", ", new TreeSet<>(settings.allowedCapabilities()))));
            }
        }
    }
}
