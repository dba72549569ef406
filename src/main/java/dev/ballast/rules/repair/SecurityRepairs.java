package dev.ballast.rules.repair;

import static dev.ballast.rules.repair.RepairSink.POD;
import static dev.ballast.rules.repair.RepairSink.label;
import static dev.ballast.rules.repair.RepairSink.pointer;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodSecurity;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.SecuritySettings;
import java.util.List;
import java.util.Map;

/**
 * securityContext repairs: runAsNonRoot true, allowPrivilegeEscalation false, capabilities.drop ALL and seccomp
 * RuntimeDefault where unset; runAsNonRoot and seccompProfile go to the pod when no container sets its own (and,
 * for runAsNonRoot, none runs as user 0, which the pod value would stop from starting).
 */
final class SecurityRepairs {
    private static final Map<String, Object> RUNTIME_DEFAULT = Map.of("type", "RuntimeDefault");

    private SecurityRepairs() {
    }

    static void runAsNonRoot(Workload w, List<Finding> findings, RepairSink out) {
        PodSecurity pod = w.template().security();
        List<ContainerView> all = w.template().containers();
        boolean podLevel = pod.runAsNonRoot() == null && all.stream().allMatch(c -> c.security().runAsNonRoot() == null)
                && all.stream().noneMatch(c -> isRoot(c, pod));
        boolean podDone = false;
        for (Finding f : findings) {
            ContainerView c = container(w, f, RuleId.RUN_AS_NON_ROOT, out);
            if (c == null) {
                continue;
            }
            Boolean own = c.security().runAsNonRoot();
            if (isRoot(c, pod)) {
                out.cannot(RuleId.RUN_AS_NON_ROOT, f, "runAsUser: 0 is an explicit choice; kept");
            } else if (Boolean.FALSE.equals(own) || own == null && Boolean.FALSE.equals(pod.runAsNonRoot())) {
                out.cannot(RuleId.RUN_AS_NON_ROOT, f, "runAsNonRoot: false is an explicit choice; kept");
            } else if (podLevel) {
                if (!podDone) {
                    out.repair(RuleId.RUN_AS_NON_ROOT, null, "pod securityContext.runAsNonRoot: true",
                            PatchOperation.add(POD + "/securityContext/runAsNonRoot", true));
                    podDone = true;
                }
            } else {
                out.repair(RuleId.RUN_AS_NON_ROOT, c.name(), label(c) + ": securityContext.runAsNonRoot: true",
                        PatchOperation.add(pointer(c) + "/securityContext/runAsNonRoot", true));
            }
        }
    }

    static void privilegeEscalation(Workload w, List<Finding> findings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = container(w, f, RuleId.PRIVILEGE_ESCALATION_ALLOWED, out);
            if (c == null) {
                continue;
            }
            if (Boolean.TRUE.equals(c.security().allowPrivilegeEscalation())) {
                out.cannot(RuleId.PRIVILEGE_ESCALATION_ALLOWED, f, "allowPrivilegeEscalation: true is an explicit choice; kept");
            } else if (Boolean.TRUE.equals(c.security().privileged())) {
                out.cannot(RuleId.PRIVILEGE_ESCALATION_ALLOWED, f,
                        "privileged: true is an explicit choice, and Kubernetes rejects it with allowPrivilegeEscalation: false");
            } else if (c.security().addedCapabilities().stream().anyMatch(cap -> cap.equals("SYS_ADMIN") || cap.equals("CAP_SYS_ADMIN"))) {
                out.cannot(RuleId.PRIVILEGE_ESCALATION_ALLOWED, f,
                        "the added SYS_ADMIN capability is an explicit choice, and Kubernetes rejects it with allowPrivilegeEscalation: false");
            } else {
                out.repair(RuleId.PRIVILEGE_ESCALATION_ALLOWED, c.name(), label(c) + ": securityContext.allowPrivilegeEscalation: false",
                        PatchOperation.add(pointer(c) + "/securityContext/allowPrivilegeEscalation", false));
            }
        }
    }

    static void dropAll(Workload w, List<Finding> findings, RepairSink out) {
        for (Finding f : findings) {
            ContainerView c = container(w, f, RuleId.CAPABILITIES_NOT_DROPPED, out);
            if (c != null) {
                out.repair(RuleId.CAPABILITIES_NOT_DROPPED, c.name(), label(c) + ": securityContext.capabilities.drop: [ALL]",
                        PatchOperation.add(pointer(c) + "/securityContext/capabilities/drop/-", "ALL"));
            }
        }
    }

    static void seccomp(Workload w, List<Finding> findings, SecuritySettings settings, RepairSink out) {
        PodSecurity pod = w.template().security();
        boolean podLevel = pod.seccompProfileType() == null
                && w.template().containers().stream().allMatch(c -> c.security().seccompProfileType() == null);
        boolean podDone = false;
        for (Finding f : findings) {
            ContainerView c = container(w, f, RuleId.SECCOMP_PROFILE, out);
            if (c == null) {
                continue;
            }
            String own = c.security().seccompProfileType();
            if (settings.seccompProfile() == SecuritySettings.SeccompRequirement.Localhost) {
                out.cannot(RuleId.SECCOMP_PROFILE, f, "a Localhost seccomp profile cannot be invented");
            } else if (own != null || pod.seccompProfileType() != null) {
                out.cannot(RuleId.SECCOMP_PROFILE, f, "seccompProfile.type " + (own != null ? own : pod.seccompProfileType())
                        + " is an explicit choice; kept");
            } else if (podLevel) {
                if (!podDone) {
                    out.repair(RuleId.SECCOMP_PROFILE, null, "pod securityContext.seccompProfile.type: RuntimeDefault",
                            PatchOperation.add(POD + "/securityContext/seccompProfile", RUNTIME_DEFAULT));
                    podDone = true;
                }
            } else {
                out.repair(RuleId.SECCOMP_PROFILE, c.name(), label(c) + ": securityContext.seccompProfile.type: RuntimeDefault",
                        PatchOperation.add(pointer(c) + "/securityContext/seccompProfile", RUNTIME_DEFAULT));
            }
        }
    }

    private static boolean isRoot(ContainerView c, PodSecurity pod) {
        Long user = c.security().runAsUser() != null ? c.security().runAsUser() : pod.runAsUser();
        return user != null && user == 0;
    }

    /** The container a finding names, or null (reported) when it has none. */
    static ContainerView container(Workload w, Finding f, RuleId rule, RepairSink out) {
        for (ContainerView c : w.template().containers()) {
            if (c.name().equals(f.container()) && (f.field() == null || f.field().startsWith(c.path() + "."))) {
                return c;
            }
        }
        out.cannot(rule, f, "the finding names no container of the pod template");
        return null;
    }
}
