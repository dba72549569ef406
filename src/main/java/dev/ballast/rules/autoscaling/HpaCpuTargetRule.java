package dev.ballast.rules.autoscaling;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AutoscalingSettings;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CPU utilization targets of every HPA whose scaleTargetRef is this workload (v1
 * targetCPUUtilizationPercentage, v2beta1 targetAverageUtilization, v2/v2beta2 Resource cpu averageUtilization);
 * passes when each is at most maxTargetCPUUtilization. An HPA with no metrics (v2) or no target (v1) is judged as
 * Kubernetes' default of 80; one whose metrics hold no CPU utilization passes. Several offending targets on one
 * workload make one finding naming each, so a (workload, rule) pair counts once wherever findings are counted.
 */
public final class HpaCpuTargetRule extends WorkloadRule<AutoscalingSettings> {
    public HpaCpuTargetRule() {
        super(RuleId.HPA_CPU_TARGET, Policy::autoscaling);
    }

    @Override
    public void check(Workload workload, AutoscalingSettings settings, ClusterContext context, Violations out) {
        List<CpuTargetOffender> offenders = new ArrayList<>();
        for (HpaView hpa : context.hpasTargeting(workload)) {
            offenders.addAll(CpuTargetOffender.of(hpa, settings));
        }
        if (offenders.size() == 1) {
            offenders.get(0).report(out, settings);
        } else if (!offenders.isEmpty()) {
            out.add(null, String.join("; ", offenders.stream().map(CpuTargetOffender::field).toList()),
                    offenders.size() + " HorizontalPodAutoscaler CPU targets above the policy maximum of "
                            + settings.maxTargetCPUUtilization() + "%: "
                            + String.join(", ", offenders.stream().map(CpuTargetOffender::describe).toList()));
        }
    }
}
