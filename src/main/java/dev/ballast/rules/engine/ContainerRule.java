package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * kube-linter's per-container check template: the template walks the pod template's containers in the rule's
 * {@link Scope}, the rule judges one container and reports through {@link Violations#container}, which names the
 * container and builds the field path.
 */
public abstract class ContainerRule<S> extends WorkloadRule<S> {
    /** Which containers a rule reads. */
    public enum Scope {
        /** {@code containers} only. */
        MAIN,
        /** Every container: main, init and ephemeral. */
        ALL
    }

    private final Scope scope;

    protected ContainerRule(RuleId id, Function<Policy, S> settings, Predicate<S> enabled, Scope scope) {
        super(id, settings, enabled);
        this.scope = scope;
    }

    protected ContainerRule(RuleId id, Function<Policy, S> settings, Scope scope) {
        this(id, settings, s -> true, scope);
    }

    @Override
    public final void check(Workload workload, S settings, ClusterContext context, Violations out) {
        PodTemplate pod = workload.template();
        for (ContainerView c : pod.containers()) {
            if (scope == Scope.ALL || c.role() == ContainerView.Role.MAIN) {
                check(c, pod, settings, out);
            }
        }
    }

    /** Judges one container; {@code pod} is there for the values containers inherit. */
    protected abstract void check(ContainerView container, PodTemplate pod, S settings, Violations out);
}
