package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@ValidationRule(value = "!has(self.allowedCapabilities) || !self.allowedCapabilities.exists(c, c == 'ALL' || c == 'CAP_ALL')",
        message = "ALL cannot be an allowed capability", fieldPath = ".allowedCapabilities")
public record SecurityContextSpec(
        @JsonPropertyDescription("true: effective runAsNonRoot must be true and runAsUser not 0 (run-as-non-root). "
                + "Default true.")
        Boolean runAsNonRoot,
        @JsonPropertyDescription("false: every container must set allowPrivilegeEscalation: false "
                + "(privilege-escalation-allowed). Default false.")
        Boolean allowPrivilegeEscalation,
        @JsonPropertyDescription("false: no container may be privileged (privileged-container). Default false.")
        Boolean privileged,
        @JsonPropertyDescription("false: the pod may not use hostNetwork, hostPID or hostIPC (host-namespaces). "
                + "Default false.")
        Boolean hostNamespaces,
        @JsonPropertyDescription("true: every container must drop ALL capabilities (capabilities-not-dropped). "
                + "Default true.")
        Boolean dropAllCapabilities,
        @JsonPropertyDescription("Capabilities a container may add back, e.g. [NET_BIND_SERVICE] "
                + "(capabilities-added). Default [].")
        List<String> allowedCapabilities,
        @JsonPropertyDescription("Required seccomp profile: RuntimeDefault (RuntimeDefault or Localhost satisfy it) "
                + "or Localhost (seccomp-profile). Default RuntimeDefault.")
        SeccompProfile seccompProfile,
        @JsonPropertyDescription("Pod volume types allowed (volume-type-not-allowed). Default [configMap, secret, "
                + "emptyDir, projected, downwardAPI].")
        List<String> allowedVolumeTypes,
        @JsonPropertyDescription("true: every container (init and ephemeral included) must set "
                + "readOnlyRootFilesystem: true (read-only-root-filesystem). Default false.")
        Boolean readOnlyRootFilesystem) {
}
