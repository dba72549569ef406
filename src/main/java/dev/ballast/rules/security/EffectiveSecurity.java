package dev.ballast.rules.security;

import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodSecurity;

/** The container value when set, else the pod value: how the kubelet resolves inherited securityContext fields. */
final class EffectiveSecurity {
    private EffectiveSecurity() {
    }

    static Boolean runAsNonRoot(ContainerView c, PodSecurity pod) {
        return c.security().runAsNonRoot() != null ? c.security().runAsNonRoot() : pod.runAsNonRoot();
    }

    static Long runAsUser(ContainerView c, PodSecurity pod) {
        return c.security().runAsUser() != null ? c.security().runAsUser() : pod.runAsUser();
    }

    static String seccompProfileType(ContainerView c, PodSecurity pod) {
        return c.security().seccompProfileType() != null ? c.security().seccompProfileType() : pod.seccompProfileType();
    }
}
