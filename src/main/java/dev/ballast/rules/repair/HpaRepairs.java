package dev.ballast.rules.repair;

import dev.ballast.rules.autoscaling.HpaTargets;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.ResourceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HPA repairs: each CPU utilization target above the maximum moves down to it; an HPA relying on Kubernetes' 80%
 * default gets the explicit target (a v2 HPA the CPU metric, a v1 HPA targetCPUUtilizationPercentage).
 */
public final class HpaRepairs {
    private HpaRepairs() {
    }

    /** Adds to {@code out} one repair per target of {@code hpa} above {@code max}. */
    public static void repair(HpaView hpa, int max, List<Repair> out) {
        ResourceRef ref = new ResourceRef("HorizontalPodAutoscaler", hpa.namespace(), hpa.name(), hpa.source());
        String who = "HorizontalPodAutoscaler \"" + hpa.name() + "\": ";
        if (!hpa.metricsSpecified()) {
            if (HpaTargets.DEFAULT_CPU_UTILIZATION > max) {
                PatchOperation op = hpa.apiVersion().endsWith("/v1")
                        ? PatchOperation.add("/spec/targetCPUUtilizationPercentage", max)
                        : PatchOperation.add("/spec/metrics", List.of(cpuMetric(hpa.apiVersion(), max)));
                out.add(new Repair(RuleId.HPA_CPU_TARGET, ref, null, who + "explicit " + max
                        + "% CPU target instead of the default 80%", List.of(op)));
            }
            return;
        }
        for (HpaView.CpuTarget t : hpa.cpuTargets()) {
            if (t.utilization() > max) {
                out.add(new Repair(RuleId.HPA_CPU_TARGET, ref, null, who + t.field() + ": " + max + " (was " + t.utilization()
                        + ", policy maximum " + max + ")", List.of(PatchOperation.replace(pointer(t.field()), max))));
            }
        }
    }

    private static Map<String, Object> cpuMetric(String apiVersion, int max) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("name", "cpu");
        if (apiVersion.endsWith("/v2beta1")) {
            resource.put("targetAverageUtilization", max);
        } else {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("type", "Utilization");
            target.put("averageUtilization", max);
            resource.put("target", target);
        }
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("type", "Resource");
        metric.put("resource", resource);
        return metric;
    }

    /** {@code spec.metrics[0].resource.target.averageUtilization} as a JSON Pointer. */
    static String pointer(String field) {
        return "/" + field.replace("]", "").replace('[', '.').replace('.', '/');
    }
}
