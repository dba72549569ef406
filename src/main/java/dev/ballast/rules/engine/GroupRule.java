package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.policy.Policy;
import java.util.function.Function;
import java.util.function.Predicate;

/** A {@link Rule} that states its ID, subject, settings group and on-switch once, in its constructor. */
public abstract class GroupRule<T extends Subject, S> implements Rule<T, S> {
    private final RuleId id;
    private final Class<T> subject;
    private final Function<Policy, S> settings;
    private final Predicate<S> enabled;

    /** {@code enabled}: which settings switch the rule on (e.g. {@code ProbeSettings::livenessRequired}). */
    protected GroupRule(RuleId id, Class<T> subject, Function<Policy, S> settings, Predicate<S> enabled) {
        this.id = id;
        this.subject = subject;
        this.settings = settings;
        this.enabled = enabled;
    }

    /** A rule that is on whenever its group is in the policy. */
    protected GroupRule(RuleId id, Class<T> subject, Function<Policy, S> settings) {
        this(id, subject, settings, s -> true);
    }

    @Override
    public final RuleId id() {
        return id;
    }

    @Override
    public final Class<T> subject() {
        return subject;
    }

    @Override
    public final S settings(Policy policy) {
        return settings.apply(policy);
    }

    @Override
    public final boolean enabled(S settings) {
        return enabled.test(settings);
    }
}
