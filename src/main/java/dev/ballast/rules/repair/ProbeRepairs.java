package dev.ballast.rules.repair;

import static dev.ballast.rules.repair.RepairSink.label;
import static dev.ballast.rules.repair.RepairSink.pointer;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ProbeSettings;
import java.util.List;

/** Probe repairs: timeoutSeconds down to the policy maximum, readiness failureThreshold up to its minimum. */
final class ProbeRepairs {
    private static final List<String> PROBES = List.of("readinessProbe", "livenessProbe", "startupProbe");

    private ProbeRepairs() {
    }

    static void timeout(Workload w, List<Finding> findings, ProbeSettings settings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = SecurityRepairs.container(w, f, RuleId.PROBE_TIMEOUT, out);
            String probe = c == null ? null : PROBES.stream()
                    .filter(p -> f.field().equals(c.path() + "." + p + ".timeoutSeconds")).findFirst().orElse(null);
            if (c == null) {
                continue;
            }
            if (probe == null) {
                out.cannot(RuleId.PROBE_TIMEOUT, f, "the finding names no probe");
                continue;
            }
            int max = probe.equals("livenessProbe") ? settings.livenessMaxTimeoutSeconds() : settings.readinessMaxTimeoutSeconds();
            out.repair(RuleId.PROBE_TIMEOUT, c.name(), label(c) + ": " + probe + ".timeoutSeconds: " + max + " (policy maximum)",
                    PatchOperation.add(pointer(c) + "/" + probe + "/timeoutSeconds", max));
        }
    }

    static void failureThreshold(Workload w, List<Finding> findings, ProbeSettings settings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = SecurityRepairs.container(w, f, RuleId.PROBE_FAILURE_THRESHOLD, out);
            if (c != null) {
                int min = settings.minFailureThreshold();
                out.repair(RuleId.PROBE_FAILURE_THRESHOLD, c.name(), label(c) + ": readinessProbe.failureThreshold: " + min
                        + " (policy minimum)", PatchOperation.add(pointer(c) + "/readinessProbe/failureThreshold", min));
            }
        }
    }
}
