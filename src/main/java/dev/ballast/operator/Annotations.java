package dev.ballast.operator;

/** Labels and the field manager Ballast writes with (HPA annotations live in dev.ballast.remediation). */
public final class Annotations {
    public static final String POLICY_LABEL = "ballast.dev/policy";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String FIELD_MANAGER = "ballast";

    private Annotations() {
    }
}
