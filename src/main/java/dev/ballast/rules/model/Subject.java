package dev.ballast.rules.model;

import java.util.Map;

/**
 * An object a rule judges. Sealed: the engine knows every kind of subject, and each rule names the one it reads.
 * Selection and exemptions are answered here so the {@code Evaluator} applies them the same way to every subject.
 */
public sealed interface Subject permits Workload, HpaView, PeerAuthenticationView, ConfigObject, VersionedObject,
        PodDisruptionBudgetView {
    String namespace();

    String name();

    /** The object as results name it. */
    ResourceRef ref();

    /** The kind a policy's {@code match.kinds} is compared with; null (the default) when it is selected by namespace alone. */
    default String matchKind() {
        return null;
    }

    /** The labels a policy's {@code workloadSelector} is compared with; null when the selector does not apply. */
    default Map<String, String> matchLabels() {
        return null;
    }

    /** The name policy exemptions and StabilityExceptions are matched against. */
    default String exemptionName() {
        return name();
    }

    /** The annotations whose {@code ballast.dev/exempt} may exempt this subject; none unless it carries its own. */
    default Map<String, String> exemptionAnnotations() {
        return Map.of();
    }

    /** Whether a selected subject is reported when no rule applies to it (a workload still counts as checked). */
    default boolean reportedWithoutRules() {
        return false;
    }
}
