package dev.ballast.rules.autoscaling;

import dev.ballast.rules.model.HpaView;
import java.util.List;

/** Applies Kubernetes' HPA default: without metrics (v2) or a target (v1) an HPA scales on 80% CPU. */
public final class HpaTargets {
    /** Kubernetes' default CPU utilization target. */
    public static final int DEFAULT_CPU_UTILIZATION = 80;

    private HpaTargets() {
    }

    public static List<HpaView.CpuTarget> effective(HpaView hpa) {
        if (hpa.metricsSpecified()) {
            return hpa.cpuTargets();
        }
        String field = hpa.apiVersion().endsWith("/v1") ? "spec.targetCPUUtilizationPercentage" : "spec.metrics";
        return List.of(new HpaView.CpuTarget(DEFAULT_CPU_UTILIZATION, field));
    }
}
