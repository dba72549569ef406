package dev.ballast.operator;

/** Reasons of the Kubernetes Events Ballast emits. */
public final class EventReasons {
    public static final String STABILITY_VIOLATION = "StabilityViolation";
    public static final String HPA_REMEDIATED = "HPARemediated";
    public static final String POLICY_REPORT_CONFLICT = "PolicyReportConflict";

    private EventReasons() {
    }
}
