package dev.ballast.rules.engine;

import dev.ballast.rules.policy.Policy;
import java.util.function.Function;

/** A workload rule bound to the accessor of its group's settings in a policy (null = group absent). */
public record RuleBinding<S>(Function<Policy, S> settings, WorkloadRule<S> rule) {
    public static <S> RuleBinding<S> of(Function<Policy, S> settings, WorkloadRule<S> rule) {
        return new RuleBinding<>(settings, rule);
    }
}
