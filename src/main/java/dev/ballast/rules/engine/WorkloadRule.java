package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.util.function.Function;
import java.util.function.Predicate;

/** A rule over a Deployment, StatefulSet or DaemonSet as a whole (its pod template, its context). */
public abstract class WorkloadRule<S> extends GroupRule<Workload, S> {
    protected WorkloadRule(RuleId id, Function<Policy, S> settings, Predicate<S> enabled) {
        super(id, Workload.class, settings, enabled);
    }

    protected WorkloadRule(RuleId id, Function<Policy, S> settings) {
        super(id, Workload.class, settings);
    }
}
