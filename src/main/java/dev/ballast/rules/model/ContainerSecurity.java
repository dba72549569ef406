package dev.ballast.rules.model;

import java.util.List;

/** Container-level securityContext fields; null means unset. Capability lists are never null. */
public record ContainerSecurity(Boolean runAsNonRoot, Long runAsUser, Boolean allowPrivilegeEscalation,
                                Boolean privileged, List<String> addedCapabilities, List<String> droppedCapabilities,
                                String seccompProfileType, Boolean readOnlyRootFilesystem) {
    public static final ContainerSecurity UNSET =
            new ContainerSecurity(null, null, null, null, List.of(), List.of(), null, null);

    public ContainerSecurity {
        addedCapabilities = List.copyOf(addedCapabilities);
        droppedCapabilities = List.copyOf(droppedCapabilities);
    }
}
