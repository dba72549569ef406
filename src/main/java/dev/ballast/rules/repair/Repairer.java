package dev.ballast.rules.repair;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.ResultFinding;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.VersionedObject;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one fixer behind {@code ballast fix}, the mutating webhook and HPA remediation: for each failing finding, the
 * repair as JSON Patch operations, or why it cannot be repaired. It only fills in what the author left unset and
 * moves HPA CPU targets and probe timeouts/thresholds to the policy's limit; an explicit value in the other direction
 * ({@code privileged: true}, {@code runAsNonRoot: false}) is kept and reported. It invents nothing (no probe
 * endpoints, ports, limits or PodDisruptionBudgets). Pure: no clock, environment or I/O.
 */
public final class Repairer {
    private static final String API_VERSION_KEPT = "another API version may need other fields; not rewritten";

    private Repairer() {
    }

    /** Repairs for a workload's failing findings (HPA targets are repaired on the HPAs in {@code context}). */
    public static RepairPlan plan(Policy policy, Workload workload, Evaluation evaluation, ClusterContext context) {
        Map<RuleId, List<Finding>> byRule = new EnumMap<>(RuleId.class);
        for (ResultFinding f : evaluation.failures()) {
            byRule.computeIfAbsent(f.rule(), r -> new ArrayList<>()).add(f.finding());
        }
        List<Repair> repairs = new ArrayList<>();
        List<Unrepairable> unrepairable = new ArrayList<>();
        RepairSink out = new RepairSink(workload.ref(), repairs, unrepairable);
        byRule.forEach((rule, findings) -> repair(rule, findings, policy, workload, context, out));
        return new RepairPlan(repairs, unrepairable);
    }

    /** Repairs for an HPA judged on its own (admission): its CPU targets moved to the policy's maximum. */
    public static RepairPlan plan(Policy policy, HpaView hpa, Evaluation evaluation) {
        if (policy.autoscaling() == null || evaluation.failures().stream().noneMatch(f -> f.rule() == RuleId.HPA_CPU_TARGET)) {
            return RepairPlan.NONE;
        }
        List<Repair> repairs = new ArrayList<>();
        HpaRepairs.repair(hpa, policy.autoscaling().maxTargetCPUUtilization(), repairs);
        return new RepairPlan(repairs, List.of());
    }

    /** An HPA or PodDisruptionBudget judged on its own by its written API version: nothing to repair, only why. */
    public static RepairPlan plan(VersionedObject object, Evaluation evaluation) {
        List<Unrepairable> unrepairable = new ArrayList<>();
        RepairSink out = new RepairSink(object.ref(), new ArrayList<>(), unrepairable);
        evaluation.failures().forEach(f -> out.cannot(f.rule(), f.finding(), API_VERSION_KEPT));
        return new RepairPlan(List.of(), unrepairable);
    }

    private static void repair(RuleId rule, List<Finding> findings, Policy policy, Workload w, ClusterContext context,
                               RepairSink out) {
        switch (rule) { // exhaustive: a new rule does not compile until it says how it is repaired
            case RUN_AS_NON_ROOT -> SecurityRepairs.runAsNonRoot(w, findings, out);
            case PRIVILEGE_ESCALATION_ALLOWED -> SecurityRepairs.privilegeEscalation(w, findings, out);
            case CAPABILITIES_NOT_DROPPED -> SecurityRepairs.dropAll(w, findings, out);
            case SECCOMP_PROFILE -> SecurityRepairs.seccomp(w, findings, policy.securityContext(), out);
            case MEMORY_LIMIT_MISSING -> ResourceRepairs.limitFromRequest(w, findings, out);
            case MEMORY_LIMIT_NOT_EQUAL_REQUEST -> ResourceRepairs.requestFromLimit(w, findings, out);
            case PROBE_TIMEOUT -> ProbeRepairs.timeout(w, findings, policy.probes(), out);
            case PROBE_FAILURE_THRESHOLD -> ProbeRepairs.failureThreshold(w, findings, policy.probes(), out);
            case HPA_CPU_TARGET -> {
                List<Repair> hpa = new ArrayList<>();
                for (HpaView h : context.hpasTargeting(w)) {
                    HpaRepairs.repair(h, policy.autoscaling().maxTargetCPUUtilization(), hpa);
                }
                hpa.forEach(out.repairs()::add);
                if (hpa.isEmpty()) {
                    findings.forEach(f -> out.cannot(rule, f, "no HorizontalPodAutoscaler of this workload was read"));
                }
            }
            case PRIVILEGED_CONTAINER -> findings.forEach(f -> out.cannot(rule, f, "privileged: true is an explicit choice; kept"));
            case HOST_NAMESPACES -> findings.forEach(f -> out.cannot(rule, f, "host namespaces are an explicit choice; kept"));
            case CAPABILITIES_ADDED -> findings.forEach(f -> out.cannot(rule, f, "added capabilities are an explicit choice; kept"));
            case VOLUME_TYPE_NOT_ALLOWED -> findings.forEach(f -> out.cannot(rule, f, "a volume cannot be replaced without knowing its use"));
            case PROBE_READINESS_MISSING, PROBE_LIVENESS_MISSING, PROBE_READINESS_PATH ->
                    findings.forEach(f -> out.cannot(rule, f, "a probe endpoint cannot be invented"));
            case MTLS_NOT_STRICT, MTLS_SIDECAR_MISSING, MTLS_PERMISSIVE_POLICY ->
                    findings.forEach(f -> out.cannot(rule, f, "mesh settings live outside the workload"));
            case GITOPS_UNMANAGED_CHANGE -> findings.forEach(f -> out.cannot(rule, f, "only the GitOps source can say what is right"));
            case TERMINATION_MESSAGE_POLICY -> RuntimeRepairs.terminationMessagePolicy(w, findings, out);
            case CRASH_LOOPING, OOM_KILLED, GO_RUNTIME_FATAL ->
                    findings.forEach(f -> out.cannot(rule, f, "a crash is fixed in the code or its limits, not by a patch"));
            case EXEMPTION_NOT_ALLOWED -> findings.forEach(f -> out.cannot(rule, f, "an exemption is an explicit choice; kept"));
            case SCHEMA_INVALID -> findings.forEach(f -> out.cannot(rule, f, "what a misspelt or mistyped field meant is not known"));
            case CPU_REQUEST_MISSING -> findings.forEach(f -> out.cannot(rule, f, "a CPU request depends on the load, which is not known here"));
            case READ_ONLY_ROOT_FILESYSTEM -> findings.forEach(f -> out.cannot(rule, f, "where the process writes is not known; mount an emptyDir there first"));
            case IMAGE_TAG_MUTABLE -> findings.forEach(f -> out.cannot(rule, f, "the digest or release to pin is not known here"));
            case API_DEPRECATED -> findings.forEach(f -> out.cannot(rule, f, API_VERSION_KEPT));
            case REPLICAS_MINIMUM, PDB_MISSING, PDB_BLOCKS_EVICTION, TOPOLOGY_SPREAD_MISSING ->
                    findings.forEach(f -> out.cannot(rule, f, "replicas, PodDisruptionBudgets and spread are capacity choices; not invented"));
        }
    }
}
