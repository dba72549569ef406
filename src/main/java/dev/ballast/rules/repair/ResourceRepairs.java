package dev.ballast.rules.repair;

import static dev.ballast.rules.repair.RepairSink.label;
import static dev.ballast.rules.repair.RepairSink.pointer;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Quantity;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import java.util.List;

/** Memory repairs: the request follows the limit when they differ; a missing limit copies the request. */
final class ResourceRepairs {
    private ResourceRepairs() {
    }

    static void limitFromRequest(Workload w, List<Finding> findings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = SecurityRepairs.container(w, f, RuleId.MEMORY_LIMIT_MISSING, out);
            if (c == null) {
                continue;
            }
            if (c.memoryRequest() == null || Quantity.parse(c.memoryRequest()).isEmpty()) {
                out.cannot(RuleId.MEMORY_LIMIT_MISSING, f, "no valid memory request to copy; a limit cannot be invented");
            } else {
                out.repair(RuleId.MEMORY_LIMIT_MISSING, c.name(), label(c) + ": resources.limits.memory: " + c.memoryRequest()
                        + " (the request)", PatchOperation.add(pointer(c) + "/resources/limits/memory", c.memoryRequest()));
            }
        }
    }

    static void requestFromLimit(Workload w, List<Finding> findings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = SecurityRepairs.container(w, f, RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST, out);
            if (c == null) {
                continue;
            }
            if (c.memoryLimit() == null || Quantity.parse(c.memoryLimit()).isEmpty()
                    || c.memoryRequest() != null && Quantity.parse(c.memoryRequest()).isEmpty()) {
                out.cannot(RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST, f, "a memory quantity is not valid; fix it by hand");
            } else {
                out.repair(RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST, c.name(), label(c) + ": resources.requests.memory: "
                        + c.memoryLimit() + " (the limit)", PatchOperation.add(pointer(c) + "/resources/requests/memory", c.memoryLimit()));
            }
        }
    }
}
