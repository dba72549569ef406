package dev.ballast.operator;

/** Condition types and reasons in StabilityPolicy status. */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String EVALUATED = "Evaluated";
    public static final String INVALID_POLICY = "InvalidPolicy";
    public static final String EVALUATION_FAILED = "EvaluationFailed";
    /** True while PolicyReports Ballast would write are another tool's, left untouched; absent otherwise. */
    public static final String POLICY_REPORT_CONFLICT = "PolicyReportConflict";
    public static final String FOREIGN_POLICY_REPORT = "ForeignPolicyReport";

    private Conditions() {
    }
}
