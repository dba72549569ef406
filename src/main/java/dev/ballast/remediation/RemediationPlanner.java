package dev.ballast.remediation;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.repair.HpaRepairs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which HPA CPU targets to lower, purely: only for workloads whose hpa-cpu-target result is a failure
 * (exempted ones are skipped), only HPAs not annotated {@code ballast.dev/remediate: "false"}, only targets above
 * the maximum, always down to it. Never raises a target, so running it twice plans nothing the second time.
 */
public final class RemediationPlanner {
    public static final String OPT_OUT = "ballast.dev/remediate";

    private RemediationPlanner() {
    }

    public static List<HpaChange> plan(Policy policy, List<Workload> workloads, List<Evaluation> evaluations,
                                       ClusterContext context) {
        if (policy.autoscaling() == null || !policy.autoscaling().remediate()) {
            return List.of();
        }
        int max = policy.autoscaling().maxTargetCPUUtilization();
        Map<ResourceRef, Workload> byRef = new HashMap<>();
        workloads.forEach(w -> byRef.put(w.ref(), w)); // an evaluation's subject is its workload's ref
        Map<String, HpaChange> changes = new LinkedHashMap<>();
        for (Evaluation e : evaluations) {
            boolean failing = e.resultsOf(Result.FAIL).stream().anyMatch(r -> r.rule() == RuleId.HPA_CPU_TARGET);
            Workload w = byRef.get(e.subject());
            if (!failing || w == null) {
                continue;
            }
            for (HpaView hpa : context.hpasTargeting(w)) {
                if ("false".equalsIgnoreCase(hpa.annotations().get(OPT_OUT))) {
                    continue;
                }
                for (HpaRepairs.TargetRepair t : HpaRepairs.targets(hpa, max)) { // the fixer's decision, applied live
                    changes.putIfAbsent(hpa.namespace() + "/" + hpa.name() + "/" + t.target().field(), new HpaChange(
                            hpa.namespace(), hpa.name(), t.target().field(), t.target().utilization(), t.to(), policy.name()));
                }
            }
        }
        return new ArrayList<>(changes.values());
    }
}
