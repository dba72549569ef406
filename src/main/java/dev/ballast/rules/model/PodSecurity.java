package dev.ballast.rules.model;

/** Pod-level securityContext fields that containers inherit; null means unset. */
public record PodSecurity(Boolean runAsNonRoot, Long runAsUser, String seccompProfileType) {
    public static final PodSecurity UNSET = new PodSecurity(null, null, null);
}
