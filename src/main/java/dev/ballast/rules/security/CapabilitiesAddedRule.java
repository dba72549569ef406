package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;

/**
 * Reads securityContext.capabilities.add of every container (+init); passes when each entry is in
 * allowedCapabilities (a {@code CAP_} prefix is ignored, as the container runtime ignores it).
 */
public final class CapabilitiesAddedRule implements WorkloadRule<SecuritySettings> {
    @Override
    public RuleId id() {
        return RuleId.CAPABILITIES_ADDED;
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        for (ContainerView c : workload.template().containers()) {
            for (String capability : c.security().addedCapabilities()) {
                String bare = capability.startsWith("CAP_") ? capability.substring(4) : capability;
                if (!settings.allowedCapabilities().contains(bare)) {
                    out.add(c.name(), c.path() + ".securityContext.capabilities.add", "container \"" + c.name()
                            + "\": securityContext.capabilities.add contains " + capability
                            + (settings.allowedCapabilities().isEmpty() ? ", no capability may be added"
                            : ", allowed: " + String.join(", ", new java.util.TreeSet<>(settings.allowedCapabilities()))));
                }
            }
        }
    }
}
