package dev.ballast.rules.autoscaling;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AutoscalingSettings;

/**
 * Reads the CPU utilization targets of every HPA whose scaleTargetRef is this workload (v1
 * targetCPUUtilizationPercentage, v2beta1 targetAverageUtilization, v2/v2beta2 Resource cpu averageUtilization);
 * passes when each is at most maxTargetCPUUtilization. An HPA with no metrics (v2) or no target (v1) is judged as
 * Kubernetes' default of 80; one whose metrics hold no CPU utilization passes.
 */
public final class HpaCpuTargetRule implements WorkloadRule<AutoscalingSettings> {
    @Override
    public RuleId id() {
        return RuleId.HPA_CPU_TARGET;
    }

    @Override
    public void check(Workload workload, AutoscalingSettings settings, ClusterContext context, Violations out) {
        for (HpaView hpa : context.hpasTargeting(workload)) {
            checkHpa(hpa, settings, out);
        }
    }

    /** Judges one HPA on its own: for workloads above, and for HPAs at admission. */
    public void checkHpa(HpaView hpa, AutoscalingSettings settings, Violations out) {
        for (HpaView.CpuTarget target : HpaTargets.effective(hpa)) {
            if (target.utilization() > settings.maxTargetCPUUtilization()) {
                out.add(null, "HorizontalPodAutoscaler/" + hpa.name() + " " + target.field(),
                        "HorizontalPodAutoscaler \"" + hpa.name() + "\" targets " + target.utilization()
                                + "% CPU" + (hpa.metricsSpecified() ? "" : " (Kubernetes default)")
                                + ", policy maximum is " + settings.maxTargetCPUUtilization() + "%");
            }
        }
    }
}
