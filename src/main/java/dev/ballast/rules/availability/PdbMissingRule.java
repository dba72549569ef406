package dev.ballast.rules.availability;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AvailabilitySettings;

/**
 * Reads the PodDisruptionBudgets of the workload's namespace; passes when one selects the pod template labels, or
 * when the judged replicas are fewer than 2 (one pod cannot stay available through an eviction anyway).
 */
public final class PdbMissingRule extends AvailabilityRule {
    public PdbMissingRule() {
        super(RuleId.PDB_MISSING, AvailabilitySettings::requirePodDisruptionBudget);
    }

    /** Not judged where PodDisruptionBudgets are not known (a context built without them). */
    @Override
    public boolean appliesTo(Workload workload, ClusterContext context) {
        return super.appliesTo(workload, context) && context.knowsPodDisruptionBudgets();
    }

    @Override
    public void check(Workload workload, AvailabilitySettings settings, ClusterContext context, Violations out) {
        JudgedReplicas replicas = JudgedReplicas.of(workload, context);
        if (replicas.count() >= 2 && context.pdbsSelecting(workload).isEmpty()) {
            out.add(null, "spec.template.metadata.labels", "no PodDisruptionBudget in namespace \"" + workload.namespace()
                    + "\" selects the pod template labels (" + replicas.count() + " replicas)");
        }
    }
}
