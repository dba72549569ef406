package dev.ballast.rules.policy;

import java.util.List;
import java.util.Set;

/**
 * The {@code securityContext} rule group. Each boolean states the required posture: {@code runAsNonRoot=true}
 * requires non-root, {@code allowPrivilegeEscalation=false} requires it disabled, and so on; the opposite value
 * turns that rule off.
 */
public record SecuritySettings(boolean runAsNonRoot, boolean allowPrivilegeEscalation, boolean privileged,
                               boolean hostNamespaces, boolean dropAllCapabilities, Set<String> allowedCapabilities,
                               SeccompRequirement seccompProfile, Set<String> allowedVolumeTypes,
                               boolean readOnlyRootFilesystem) {
    public static final List<String> DEFAULT_VOLUME_TYPES =
            List.of("configMap", "secret", "emptyDir", "projected", "downwardAPI");

    public SecuritySettings {
        allowedCapabilities = Set.copyOf(allowedCapabilities);
        allowedVolumeTypes = Set.copyOf(allowedVolumeTypes);
    }

    public static SecuritySettings defaults() {
        return new SecuritySettings(true, false, false, false, true, Set.of(), SeccompRequirement.RuntimeDefault,
                Set.copyOf(DEFAULT_VOLUME_TYPES), false);
    }

    /** RuntimeDefault is satisfied by RuntimeDefault or Localhost; Localhost only by Localhost. */
    public enum SeccompRequirement {
        RuntimeDefault, Localhost;

        public boolean satisfiedBy(String type) {
            return "Localhost".equals(type) || (this == RuntimeDefault && "RuntimeDefault".equals(type));
        }
    }
}
