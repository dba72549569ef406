package dev.ballast.rules.repair;

import dev.ballast.rules.autoscaling.HpaTargets;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.ResourceRef;
import java.util.ArrayList;
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

    /** One CPU target moved to the maximum: the target as read (or Kubernetes' default), and its repair. */
    public record TargetRepair(HpaView.CpuTarget target, int to, Repair repair) {
    }

    /** Adds to {@code out} one repair per target of {@code hpa} above {@code max}. */
    public static void repair(HpaView hpa, int max, List<Repair> out) {
        targets(hpa, max).forEach(t -> out.add(t.repair()));
    }

    /** The targets of {@code hpa} above {@code max} (the 80% default when it sets none), each with its repair. */
    public static List<TargetRepair> targets(HpaView hpa, int max) {
        ResourceRef ref = new ResourceRef("HorizontalPodAutoscaler", hpa.namespace(), hpa.name(), hpa.source());
        List<TargetRepair> out = new ArrayList<>();
        for (HpaView.CpuTarget t : HpaTargets.effective(hpa)) {
            if (t.utilization() <= max) {
                continue;
            }
            if (!hpa.metricsSpecified()) {
                PatchOperation op = hpa.apiVersion().endsWith("/v1")
                        ? PatchOperation.add("/spec/targetCPUUtilizationPercentage", max)
                        : PatchOperation.add("/spec/metrics", List.of(cpuMetric(hpa.apiVersion(), max)));
                out.add(new TargetRepair(t, max, new Repair(RuleId.HPA_CPU_TARGET, ref, null, "explicit " + max
                        + "% CPU target instead of the default " + t.utilization() + "%", List.of(op))));
            } else {
                out.add(new TargetRepair(t, max, new Repair(RuleId.HPA_CPU_TARGET, ref, null, t.field() + ": " + max
                        + " (was " + t.utilization() + ", policy maximum " + max + ")",
                        List.of(PatchOperation.replace(pointer(t.field()), max)))));
            }
        }
        return out;
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
