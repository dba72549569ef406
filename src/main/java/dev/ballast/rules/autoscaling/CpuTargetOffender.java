package dev.ballast.rules.autoscaling;

import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.policy.AutoscalingSettings;
import java.util.ArrayList;
import java.util.List;

/** One CPU utilization target of an HPA above the policy maximum. */
record CpuTargetOffender(HpaView hpa, HpaView.CpuTarget target) {
    static List<CpuTargetOffender> of(HpaView hpa, AutoscalingSettings settings) {
        List<CpuTargetOffender> offenders = new ArrayList<>(1);
        for (HpaView.CpuTarget target : HpaTargets.effective(hpa)) {
            if (target.utilization() > settings.maxTargetCPUUtilization()) {
                offenders.add(new CpuTargetOffender(hpa, target));
            }
        }
        return offenders;
    }

    String field() {
        return HpaView.KIND + "/" + hpa.name() + " " + target.field();
    }

    String describe() {
        return HpaView.KIND + " \"" + hpa.name() + "\" targets " + target.utilization() + "% CPU"
                + (hpa.metricsSpecified() ? "" : " (Kubernetes default)");
    }

    void report(Violations out, AutoscalingSettings settings) {
        out.add(null, field(), describe() + ", policy maximum is " + settings.maxTargetCPUUtilization() + "%");
    }
}
