package dev.ballast.rules.autoscaling;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.GroupRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.policy.AutoscalingSettings;
import dev.ballast.rules.policy.Policy;

/**
 * hpa-cpu-target on an HPA judged on its own (admission), with the targets read as {@link HpaCpuTargetRule} reads
 * them: one finding per offending target.
 */
public final class HpaCpuTargetOnHpaRule extends GroupRule<HpaView, AutoscalingSettings> {
    public HpaCpuTargetOnHpaRule() {
        super(RuleId.HPA_CPU_TARGET, HpaView.class, Policy::autoscaling);
    }

    @Override
    public void check(HpaView hpa, AutoscalingSettings settings, ClusterContext context, Violations out) {
        CpuTargetOffender.of(hpa, settings).forEach(o -> o.report(out, settings));
    }
}
