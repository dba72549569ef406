package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

public record GitopsSpec(
        @JsonPropertyDescription("Field managers allowed to change ConfigMaps and Secrets (gitops-unmanaged-change). "
                + "Default [argocd-controller, argocd-application-controller].")
        List<String> allowedManagers) {
}
