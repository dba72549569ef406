package dev.ballast.rules;

import static dev.ballast.rules.engine.RuleBinding.of;

import dev.ballast.rules.autoscaling.HpaCpuTargetRule;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.RuleBinding;
import dev.ballast.rules.mtls.MtlsNotStrictRule;
import dev.ballast.rules.mtls.MtlsSidecarMissingRule;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.probes.ProbeFailureThresholdRule;
import dev.ballast.rules.probes.ProbeLivenessMissingRule;
import dev.ballast.rules.probes.ProbeReadinessMissingRule;
import dev.ballast.rules.probes.ProbeReadinessPathRule;
import dev.ballast.rules.probes.ProbeTimeoutRule;
import dev.ballast.rules.resources.MemoryLimitMissingRule;
import dev.ballast.rules.resources.MemoryLimitNotEqualRequestRule;
import dev.ballast.rules.security.CapabilitiesAddedRule;
import dev.ballast.rules.security.CapabilitiesNotDroppedRule;
import dev.ballast.rules.security.HostNamespacesRule;
import dev.ballast.rules.security.PrivilegeEscalationAllowedRule;
import dev.ballast.rules.security.PrivilegedContainerRule;
import dev.ballast.rules.security.RunAsNonRootRule;
import dev.ballast.rules.security.SeccompProfileRule;
import dev.ballast.rules.security.VolumeTypeNotAllowedRule;
import java.util.List;

/**
 * Every workload rule, in catalogue order, bound to its group's settings. Explicit on purpose: no scanning, no
 * registration side effects. The ConfigMap/Secret and PeerAuthentication rules are fixed parts of the
 * {@link Evaluator}.
 */
public final class Rules {
    private static final List<RuleBinding<?>> ALL = List.of(
            of(Policy::probes, new ProbeReadinessMissingRule()),
            of(Policy::probes, new ProbeReadinessPathRule()),
            of(Policy::probes, new ProbeTimeoutRule()),
            of(Policy::probes, new ProbeFailureThresholdRule()),
            of(Policy::probes, new ProbeLivenessMissingRule()),
            of(Policy::resources, new MemoryLimitMissingRule()),
            of(Policy::resources, new MemoryLimitNotEqualRequestRule()),
            of(Policy::securityContext, new RunAsNonRootRule()),
            of(Policy::securityContext, new PrivilegeEscalationAllowedRule()),
            of(Policy::securityContext, new PrivilegedContainerRule()),
            of(Policy::securityContext, new HostNamespacesRule()),
            of(Policy::securityContext, new CapabilitiesNotDroppedRule()),
            of(Policy::securityContext, new CapabilitiesAddedRule()),
            of(Policy::securityContext, new SeccompProfileRule()),
            of(Policy::securityContext, new VolumeTypeNotAllowedRule()),
            of(Policy::mtls, new MtlsNotStrictRule()),
            of(Policy::mtls, new MtlsSidecarMissingRule()),
            of(Policy::autoscaling, new HpaCpuTargetRule()));

    private Rules() {
    }

    public static List<RuleBinding<?>> all() {
        return ALL;
    }

    /** An evaluator over every built-in rule; immutable and safe to share between threads. */
    public static Evaluator evaluator() {
        return new Evaluator(ALL);
    }
}
