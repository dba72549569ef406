package dev.ballast.rules.autoscaling;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AutoscalingSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CPU utilization targets of every HPA whose scaleTargetRef is this workload (v1
 * targetCPUUtilizationPercentage, v2beta1 targetAverageUtilization, v2/v2beta2 Resource cpu averageUtilization);
 * passes when each is at most maxTargetCPUUtilization. An HPA with no metrics (v2) or no target (v1) is judged as
 * Kubernetes' default of 80; one whose metrics hold no CPU utilization passes. Several offending targets on one
 * workload make one finding naming each, so a (workload, rule) pair counts once wherever findings are counted.
 */
public final class HpaCpuTargetRule implements WorkloadRule<AutoscalingSettings> {
    @Override
    public RuleId id() {
        return RuleId.HPA_CPU_TARGET;
    }

    @Override
    public void check(Workload workload, AutoscalingSettings settings, ClusterContext context, Violations out) {
        List<Offender> offenders = new ArrayList<>();
        for (HpaView hpa : context.hpasTargeting(workload)) {
            offenders.addAll(offenders(hpa, settings));
        }
        if (offenders.size() == 1) {
            offenders.get(0).report(out, settings);
        } else if (!offenders.isEmpty()) {
            out.add(null, String.join("; ", offenders.stream().map(Offender::field).toList()),
                    offenders.size() + " HorizontalPodAutoscaler CPU targets above the policy maximum of "
                            + settings.maxTargetCPUUtilization() + "%: "
                            + String.join(", ", offenders.stream().map(Offender::describe).toList()));
        }
    }

    /** Judges one HPA on its own: for HPAs at admission. */
    public void checkHpa(HpaView hpa, AutoscalingSettings settings, Violations out) {
        offenders(hpa, settings).forEach(o -> o.report(out, settings));
    }

    private static List<Offender> offenders(HpaView hpa, AutoscalingSettings settings) {
        List<Offender> offenders = new ArrayList<>(1);
        for (HpaView.CpuTarget target : HpaTargets.effective(hpa)) {
            if (target.utilization() > settings.maxTargetCPUUtilization()) {
                offenders.add(new Offender(hpa, target));
            }
        }
        return offenders;
    }

    private record Offender(HpaView hpa, HpaView.CpuTarget target) {
        String field() {
            return "HorizontalPodAutoscaler/" + hpa.name() + " " + target.field();
        }

        String describe() {
            return "HorizontalPodAutoscaler \"" + hpa.name() + "\" targets " + target.utilization() + "% CPU"
                    + (hpa.metricsSpecified() ? "" : " (Kubernetes default)");
        }

        void report(Violations out, AutoscalingSettings settings) {
            out.add(null, field(), describe() + ", policy maximum is " + settings.maxTargetCPUUtilization() + "%");
        }
    }
}
