package dev.ballast.rules.availability;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.GroupRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.policy.AvailabilitySettings;
import dev.ballast.rules.policy.Policy;

/**
 * pdb-blocks-eviction on a PodDisruptionBudget judged on its own (admission): maxUnavailable 0 or 0%, or
 * minAvailable 100%. The replicas of the workloads it selects are not known there, so an integer minAvailable is
 * left to the workload's own check.
 */
public final class PdbBlocksEvictionOnPdbRule extends GroupRule<PodDisruptionBudgetView, AvailabilitySettings> {
    public PdbBlocksEvictionOnPdbRule() {
        super(RuleId.PDB_BLOCKS_EVICTION, PodDisruptionBudgetView.class, Policy::availability);
    }

    @Override
    public void check(PodDisruptionBudgetView pdb, AvailabilitySettings settings, ClusterContext context,
                      Violations out) {
        Disruptions.reportBlocking(pdb, null, "", out);
    }
}
