package dev.ballast.rules.policy;

/**
 * Whether a policy honours the {@code ballast.dev/exempt} workload annotation. Whoever may edit a workload may write
 * it, so an unset value trusts it only where nothing is blocked: Allow in Audit and Warn, Deny in Enforce.
 */
public enum AnnotationExemptions {
    Allow, Deny;

    public static AnnotationExemptions defaultFor(Mode mode) {
        return mode == Mode.Enforce ? Deny : Allow;
    }
}
