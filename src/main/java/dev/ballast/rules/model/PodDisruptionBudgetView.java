package dev.ballast.rules.model;

import dev.ballast.rules.policy.LabelSelector;

/**
 * A PodDisruptionBudget of any API version. {@code selector} is null when the PDB has none (policy/v1: it selects no
 * pod); {@code minAvailable} and {@code maxUnavailable} are as written (an integer or a percentage), null when unset.
 */
public record PodDisruptionBudgetView(String apiVersion, String namespace, String name, LabelSelector selector,
                                      String minAvailable, String maxUnavailable, SourceRef source) implements Subject {
    public static final String KIND = "PodDisruptionBudget";

    @Override
    public ResourceRef ref() {
        return new ResourceRef(KIND, namespace, name, source);
    }

    public boolean selects(Workload workload) {
        return selector != null && namespace.equals(workload.namespace())
                && selector.matches(workload.template().labels());
    }
}
