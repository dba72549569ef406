package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.Workload;

/**
 * A rule over a workload's pod template, given only its group's settings. Implementations are stateless and pure:
 * no clock, environment or I/O, so one instance serves every thread.
 */
public interface WorkloadRule<S> {
    RuleId id();

    /** Whether the settings switch this rule on at all (e.g. {@code liveness.required: false} turns a rule off). */
    default boolean enabled(S settings) {
        return true;
    }

    void check(Workload workload, S settings, ClusterContext context, Violations out);
}
