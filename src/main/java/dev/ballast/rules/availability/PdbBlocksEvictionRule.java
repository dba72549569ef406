package dev.ballast.rules.availability;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AvailabilitySettings;

/**
 * Reads maxUnavailable and minAvailable of every PodDisruptionBudget selecting the workload; passes when none
 * allows zero disruptions: maxUnavailable 0 or 0%, minAvailable 100%, or an integer minAvailable at least the
 * judged replicas.
 */
public final class PdbBlocksEvictionRule extends AvailabilityRule {
    public PdbBlocksEvictionRule() {
        super(RuleId.PDB_BLOCKS_EVICTION, settings -> true);
    }

    /** Not judged where PodDisruptionBudgets are not known (a context built without them). */
    @Override
    public boolean appliesTo(Workload workload, ClusterContext context) {
        return super.appliesTo(workload, context) && context.knowsPodDisruptionBudgets();
    }

    @Override
    public void check(Workload workload, AvailabilitySettings settings, ClusterContext context, Violations out) {
        int replicas = JudgedReplicas.of(workload, context).count();
        for (PodDisruptionBudgetView pdb : context.pdbsSelecting(workload)) {
            Disruptions.reportBlocking(pdb, replicas, PodDisruptionBudgetView.KIND + "/" + pdb.name() + " ", out);
        }
    }
}
