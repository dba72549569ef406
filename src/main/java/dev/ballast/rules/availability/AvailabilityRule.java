package dev.ballast.rules.availability;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AvailabilitySettings;
import dev.ballast.rules.policy.Policy;
import java.util.function.Predicate;

/** A rule of the availability group: judges Deployments and StatefulSets only (not applicable to DaemonSets). */
abstract class AvailabilityRule extends WorkloadRule<AvailabilitySettings> {
    AvailabilityRule(RuleId id, Predicate<AvailabilitySettings> enabled) {
        super(id, Policy::availability, enabled);
    }

    @Override
    public boolean appliesTo(Workload workload, ClusterContext context) {
        return JudgedReplicas.judged(workload);
    }
}
