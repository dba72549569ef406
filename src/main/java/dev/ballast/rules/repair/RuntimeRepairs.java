package dev.ballast.rules.repair;

import static dev.ballast.rules.repair.RepairSink.label;
import static dev.ballast.rules.repair.RepairSink.pointer;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.runtime.TerminationMessagePolicyRule;
import java.util.List;

/**
 * runtime repairs: terminationMessagePolicy FallbackToLogsOnError where unset (an explicit File is kept). What Pod
 * status shows (crash loops, OOM kills, Go fatal errors) is fixed in the code or the limits, never by a patch.
 */
final class RuntimeRepairs {
    private RuntimeRepairs() {
    }

    static void terminationMessagePolicy(Workload w, List<Finding> findings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = SecurityRepairs.container(w, f, RuleId.TERMINATION_MESSAGE_POLICY, out);
            if (c == null) {
                continue;
            }
            if (c.terminationMessagePolicy() != null) {
                out.cannot(RuleId.TERMINATION_MESSAGE_POLICY, f, "terminationMessagePolicy: "
                        + c.terminationMessagePolicy() + " is an explicit choice; kept");
            } else {
                out.repair(RuleId.TERMINATION_MESSAGE_POLICY, c.name(), label(c) + ": terminationMessagePolicy: "
                        + TerminationMessagePolicyRule.FALLBACK_TO_LOGS_ON_ERROR, PatchOperation.add(
                        pointer(c) + "/terminationMessagePolicy", TerminationMessagePolicyRule.FALLBACK_TO_LOGS_ON_ERROR));
            }
        }
    }
}
