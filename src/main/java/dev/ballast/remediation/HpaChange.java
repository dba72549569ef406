package dev.ballast.remediation;

/**
 * Lowering one HPA's CPU target. {@code field} is where the target lives ({@code spec.metrics[i]...}) or
 * {@code spec.metrics} when the HPA has no metrics and scales on Kubernetes' default.
 */
public record HpaChange(String namespace, String name, String field, int from, int to, String policy) {
    public boolean addsMetric() {
        return "spec.metrics".equals(field);
    }
}
