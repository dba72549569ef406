package dev.ballast.rules.availability;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AvailabilitySettings;

/**
 * Reads spec.replicas (default 1), or the smallest minReplicas (default 1) of the HPAs targeting the workload;
 * passes when it is at least availability.minReplicas.
 */
public final class ReplicasMinimumRule extends AvailabilityRule {
    public ReplicasMinimumRule() {
        super(RuleId.REPLICAS_MINIMUM, settings -> true);
    }

    @Override
    public void check(Workload workload, AvailabilitySettings settings, ClusterContext context, Violations out) {
        JudgedReplicas replicas = JudgedReplicas.of(workload, context);
        if (replicas.count() < settings.minReplicas()) {
            out.add(null, replicas.field(), replicas.source() + ", policy minimum is " + settings.minReplicas());
        }
    }
}
