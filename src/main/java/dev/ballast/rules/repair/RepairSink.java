package dev.ballast.rules.repair;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.ResourceRef;
import java.util.List;

/** Collects one workload's repairs and unrepairable findings. */
record RepairSink(ResourceRef target, List<Repair> repairs, List<Unrepairable> unrepairable) {
    static final String POD = "/spec/template/spec";

    void repair(RuleId rule, String container, String summary, PatchOperation... ops) {
        repairs.add(new Repair(rule, target, container, summary, List.of(ops)));
    }

    void cannot(RuleId rule, Finding f, String reason) {
        unrepairable.add(new Unrepairable(rule, f.container(), f.field(), reason));
    }

    static String pointer(ContainerView c) {
        return POD + "/" + c.role().field() + "/" + c.index();
    }

    static String label(ContainerView c) {
        return "container \"" + c.name() + "\"";
    }
}
