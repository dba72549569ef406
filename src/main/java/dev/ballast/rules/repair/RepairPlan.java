package dev.ballast.rules.repair;

import dev.ballast.rules.model.ResourceRef;
import java.util.ArrayList;
import java.util.List;

/** Every repair for one object's failing findings, and the findings that cannot be repaired. */
public record RepairPlan(List<Repair> repairs, List<Unrepairable> unrepairable) {
    public static final RepairPlan NONE = new RepairPlan(List.of(), List.of());

    public RepairPlan {
        repairs = List.copyOf(repairs);
        unrepairable = List.copyOf(unrepairable);
    }

    /** The operations of every repair on {@code target}, in rule order. */
    public List<PatchOperation> operationsOn(ResourceRef target) {
        List<PatchOperation> ops = new ArrayList<>();
        for (Repair r : repairs) {
            if (sameObject(r.target(), target)) {
                ops.addAll(r.operations());
            }
        }
        return ops;
    }

    static boolean sameObject(ResourceRef a, ResourceRef b) {
        return a.kind().equals(b.kind()) && java.util.Objects.equals(a.namespace(), b.namespace())
                && a.name().equals(b.name());
    }
}
