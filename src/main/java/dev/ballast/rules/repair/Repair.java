package dev.ballast.rules.repair;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.ResourceRef;
import java.util.List;

/**
 * How to repair one finding of {@code rule}: JSON Patch operations on {@code target} (the workload, or the HPA for
 * hpa-cpu-target), with a one-line summary for warnings and logs. {@code container} is null for pod- or
 * object-level repairs. An {@code add} may name a path whose parents are missing: the adapter creates them.
 */
public record Repair(RuleId rule, ResourceRef target, String container, String summary, List<PatchOperation> operations) {
    public Repair {
        operations = List.copyOf(operations);
    }
}
