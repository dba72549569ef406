package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.policy.Policy;

/**
 * One rule over one kind of {@link Subject}, given only its group's settings. Implementations are stateless and
 * pure: no clock, environment or I/O, so one instance serves every thread. Selection, exemptions and cancellation
 * are the {@link Evaluator}'s, never the rule's.
 */
public interface Rule<T extends Subject, S> {
    RuleId id();

    /** The kind of subject this rule judges. */
    Class<T> subject();

    /** This rule's group settings in the policy; null when the policy lacks the group (the rule is then off). */
    S settings(Policy policy);

    /** Whether the settings switch this rule on at all (e.g. {@code liveness.required: false} turns a rule off). */
    default boolean enabled(S settings) {
        return true;
    }

    /**
     * Whether the rule judges this subject at all, given what the context knows; one it does not apply to gets no
     * result (not counted).
     */
    default boolean appliesTo(T subject, ClusterContext context) {
        return true;
    }

    void check(T subject, S settings, ClusterContext context, Violations out);
}
