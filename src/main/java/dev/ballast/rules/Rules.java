package dev.ballast.rules;

import dev.ballast.rules.apis.ApiDeprecatedRule;
import dev.ballast.rules.autoscaling.HpaCpuTargetOnHpaRule;
import dev.ballast.rules.availability.PdbBlocksEvictionOnPdbRule;
import dev.ballast.rules.availability.PdbBlocksEvictionRule;
import dev.ballast.rules.availability.PdbMissingRule;
import dev.ballast.rules.availability.ReplicasMinimumRule;
import dev.ballast.rules.availability.TopologySpreadMissingRule;
import dev.ballast.rules.autoscaling.HpaCpuTargetRule;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.Rule;
import dev.ballast.rules.gitops.GitopsUnmanagedChangeRule;
import dev.ballast.rules.images.ImageTagMutableRule;
import dev.ballast.rules.mtls.MtlsNotStrictRule;
import dev.ballast.rules.mtls.MtlsPermissivePolicyRule;
import dev.ballast.rules.mtls.MtlsSidecarMissingRule;
import dev.ballast.rules.probes.ProbeFailureThresholdRule;
import dev.ballast.rules.probes.ProbeLivenessMissingRule;
import dev.ballast.rules.probes.ProbeReadinessMissingRule;
import dev.ballast.rules.probes.ProbeReadinessPathRule;
import dev.ballast.rules.probes.ProbeTimeoutRule;
import dev.ballast.rules.resources.CpuRequestMissingRule;
import dev.ballast.rules.resources.MemoryLimitMissingRule;
import dev.ballast.rules.resources.MemoryLimitNotEqualRequestRule;
import dev.ballast.rules.runtime.CrashLoopingRule;
import dev.ballast.rules.runtime.GoRuntimeFatalRule;
import dev.ballast.rules.runtime.OomKilledRule;
import dev.ballast.rules.runtime.TerminationMessagePolicyRule;
import dev.ballast.rules.security.CapabilitiesAddedRule;
import dev.ballast.rules.security.CapabilitiesNotDroppedRule;
import dev.ballast.rules.security.HostNamespacesRule;
import dev.ballast.rules.security.PrivilegeEscalationAllowedRule;
import dev.ballast.rules.security.PrivilegedContainerRule;
import dev.ballast.rules.security.ReadOnlyRootFilesystemRule;
import dev.ballast.rules.security.RunAsNonRootRule;
import dev.ballast.rules.security.SeccompProfileRule;
import dev.ballast.rules.security.VolumeTypeNotAllowedRule;
import java.util.List;

/**
 * Every rule, for every kind of subject, in catalogue order (a subject's results come in this order). Explicit on
 * purpose: no scanning, no registration side effects.
 */
public final class Rules {
    private static final List<Rule<?, ?>> ALL = List.of(
            new ProbeReadinessMissingRule(),
            new ProbeReadinessPathRule(),
            new ProbeTimeoutRule(),
            new ProbeFailureThresholdRule(),
            new ProbeLivenessMissingRule(),
            new MemoryLimitMissingRule(),
            new MemoryLimitNotEqualRequestRule(),
            new CpuRequestMissingRule(),
            new ReplicasMinimumRule(),
            new PdbMissingRule(),
            new PdbBlocksEvictionRule(),
            new TopologySpreadMissingRule(),
            new RunAsNonRootRule(),
            new PrivilegeEscalationAllowedRule(),
            new PrivilegedContainerRule(),
            new HostNamespacesRule(),
            new CapabilitiesNotDroppedRule(),
            new CapabilitiesAddedRule(),
            new SeccompProfileRule(),
            new VolumeTypeNotAllowedRule(),
            new ReadOnlyRootFilesystemRule(),
            new ImageTagMutableRule(),
            new MtlsNotStrictRule(),
            new MtlsSidecarMissingRule(),
            new HpaCpuTargetRule(),
            new HpaCpuTargetOnHpaRule(),
            new MtlsPermissivePolicyRule(),
            new GitopsUnmanagedChangeRule(),
            new PdbBlocksEvictionOnPdbRule(),
            new TerminationMessagePolicyRule(),
            new CrashLoopingRule(),
            new OomKilledRule(),
            new GoRuntimeFatalRule(),
            ApiDeprecatedRule.onWorkloads(),
            ApiDeprecatedRule.onVersionedObjects());

    private Rules() {
    }

    public static List<Rule<?, ?>> all() {
        return ALL;
    }

    /** An evaluator over every built-in rule; immutable and safe to share between threads. */
    public static Evaluator evaluator() {
        return new Evaluator(ALL);
    }
}
