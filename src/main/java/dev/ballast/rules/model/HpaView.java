package dev.ballast.rules.model;

import java.util.List;
import java.util.Map;

/**
 * A HorizontalPodAutoscaler of any API version. {@code metricsSpecified} is false for a v1 HPA without
 * targetCPUUtilizationPercentage or a v2 HPA without metrics (Kubernetes then scales on 80% CPU);
 * {@code cpuTargets} are its CPU utilization targets with the field path each was read from; {@code minReplicas} is
 * null when unset.
 */
public record HpaView(String apiVersion, String namespace, String name, String targetKind, String targetName,
                      Map<String, String> annotations, boolean metricsSpecified, List<CpuTarget> cpuTargets,
                      SourceRef source, Integer minReplicas) implements Subject {
    public static final String KIND = "HorizontalPodAutoscaler";

    public HpaView {
        annotations = Map.copyOf(annotations);
        cpuTargets = List.copyOf(cpuTargets);
    }

    /** An HPA whose minReplicas is unset (Kubernetes then keeps at least 1). */
    public HpaView(String apiVersion, String namespace, String name, String targetKind, String targetName,
                   Map<String, String> annotations, boolean metricsSpecified, List<CpuTarget> cpuTargets,
                   SourceRef source) {
        this(apiVersion, namespace, name, targetKind, targetName, annotations, metricsSpecified, cpuTargets, source, null);
    }

    public record CpuTarget(int utilization, String field) {
    }

    @Override
    public ResourceRef ref() {
        return new ResourceRef(KIND, namespace, name, source);
    }

    /** Judged on its own, an HPA is selected by the kind of its scale target. */
    @Override
    public String matchKind() {
        return targetKind == null ? "" : targetKind;
    }

    /** Its rule belongs to the scale target, so the target's exemptions apply (its annotations are not known here). */
    @Override
    public String exemptionName() {
        return targetName == null ? name : targetName;
    }
}
