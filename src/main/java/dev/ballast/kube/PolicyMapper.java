package dev.ballast.kube;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.spec.ApisSpec;
import dev.ballast.api.spec.AutoscalingSpec;
import dev.ballast.api.spec.RuntimeSpec;
import dev.ballast.api.spec.AvailabilitySpec;
import dev.ballast.api.spec.ExemptionSpec;
import dev.ballast.api.spec.GitopsSpec;
import dev.ballast.api.spec.LivenessSpec;
import dev.ballast.api.spec.MatchSpec;
import dev.ballast.api.spec.MtlsSpec;
import dev.ballast.api.spec.ProbesSpec;
import dev.ballast.api.spec.ReadinessSpec;
import dev.ballast.api.spec.ResourcesSpec;
import dev.ballast.api.spec.RulesSpec;
import dev.ballast.api.spec.SecurityContextSpec;
import dev.ballast.api.spec.StabilityPolicySpec;
import dev.ballast.api.spec.WorkloadKind;
import dev.ballast.rules.apis.KubeVersion;
import dev.ballast.rules.policy.ApiSettings;
import dev.ballast.rules.policy.AutoscalingSettings;
import dev.ballast.rules.policy.RuntimeSettings;
import java.time.Duration;
import dev.ballast.rules.policy.AvailabilitySettings;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.GitopsSettings;
import dev.ballast.rules.policy.ImageSettings;
import dev.ballast.rules.policy.LabelSelector;
import dev.ballast.rules.policy.Match;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.MtlsSettings;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;
import dev.ballast.rules.policy.ResourceSettings;
import dev.ballast.rules.policy.SecuritySettings;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a StabilityPolicy into the engine's {@link Policy}, applying the documented defaults to every omitted field.
 * {@code alwaysExcluded} names namespaces no policy may select (Ballast's own).
 */
public final class PolicyMapper {
    private static final java.util.regex.Pattern WINDOW =
            java.util.regex.Pattern.compile("(?:([0-9]{1,4})h)?(?:([0-9]{1,5})m)?(?:([0-9]{1,6})s)?");

    private PolicyMapper() {
    }

    public static Policy map(StabilityPolicy policy, Set<String> alwaysExcluded) {
        return map(policy.getMetadata() == null ? null : policy.getMetadata().getName(), policy.getSpec(), alwaysExcluded);
    }

    /** The policy named {@code name} with {@code spec}: what the CLI reads from a file, with no custom resource built. */
    public static Policy map(String name, StabilityPolicySpec spec, Set<String> alwaysExcluded) {
        if (spec == null || spec.rules() == null) {
            throw new ManifestException("StabilityPolicy \"" + name + "\": spec.rules is required");
        }
        RulesSpec rules = spec.rules();
        return Policy.builder(name, or(spec.mode(), Mode.Audit)).match(match(spec.match(), alwaysExcluded))
                .probes(rules.probes() == null ? null : probes(rules.probes()))
                .resources(rules.resources() == null ? null : resources(rules.resources()))
                .securityContext(rules.securityContext() == null ? null : security(rules.securityContext()))
                .mtls(rules.mtls() == null ? null : mtls(rules.mtls()))
                .autoscaling(rules.autoscaling() == null ? null : autoscaling(rules.autoscaling()))
                .gitops(rules.gitops() == null ? null : gitops(rules.gitops()))
                .availability(rules.availability() == null ? null : availability(rules.availability()))
                .images(rules.images() == null ? null : new ImageSettings())
                .exemptions(spec.exemptions() == null ? List.of()
                        : spec.exemptions().stream().map(PolicyMapper::exemption).toList())
                .annotationExemptions(spec.annotationExemptions())
                .allowExceptions(Boolean.TRUE.equals(spec.allowExceptions()))
                .runtime(rules.runtime() == null ? null : runtime(rules.runtime(), name))
                .mutate(Boolean.TRUE.equals(spec.mutate()))
                .apis(rules.apis() == null ? null : apis(rules.apis(), name))
                .build();
    }

    private static Match match(MatchSpec m, Set<String> alwaysExcluded) {
        Set<String> excluded = new HashSet<>(alwaysExcluded);
        if (m == null) {
            Match d = Match.defaults();
            excluded.addAll(d.excludeNamespaces());
            return new Match(d.kinds(), d.namespaceSelector(), excluded, d.workloadSelector());
        }
        excluded.addAll(m.excludeNamespaces() == null ? Match.DEFAULT_EXCLUDED_NAMESPACES : m.excludeNamespaces());
        Set<String> kinds = m.kinds() == null || m.kinds().isEmpty() ? Set.copyOf(Match.DEFAULT_KINDS)
                : m.kinds().stream().map(WorkloadKind::name).collect(Collectors.toSet());
        return new Match(kinds, selector(m.namespaceSelector(), "spec.match.namespaceSelector"), excluded,
                selector(m.workloadSelector(), "spec.match.workloadSelector"));
    }

    private static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s, String path) {
        if (s == null) {
            return LabelSelector.EVERYTHING;
        }
        List<LabelSelector.Requirement> expressions = new ArrayList<>();
        List<LabelSelectorRequirement> requirements = s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
        for (int i = 0; i < requirements.size(); i++) {
            expressions.add(requirement(requirements.get(i), path + ".matchExpressions[" + i + "]"));
        }
        return new LabelSelector(s.getMatchLabels() == null ? Map.of() : s.getMatchLabels(), expressions);
    }

    private static LabelSelector.Requirement requirement(LabelSelectorRequirement r, String path) {
        LabelSelector.Operator op;
        try {
            op = LabelSelector.Operator.valueOf(r.getOperator());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ManifestException(path + ".operator \"" + r.getOperator()
                    + "\" is not one of In, NotIn, Exists, DoesNotExist");
        }
        return new LabelSelector.Requirement(r.getKey(), op, r.getValues() == null ? List.of() : r.getValues());
    }

    private static ProbeSettings probes(ProbesSpec p) {
        ProbeSettings d = ProbeSettings.defaults();
        ReadinessSpec r = p.readiness();
        LivenessSpec l = p.liveness();
        return new ProbeSettings(
                r == null ? d.readinessRequired() : or(r.required(), d.readinessRequired()),
                r == null ? d.allowedPaths() : or(r.allowedPaths(), d.allowedPaths()),
                r == null ? d.readinessMaxTimeoutSeconds() : or(r.maxTimeoutSeconds(), d.readinessMaxTimeoutSeconds()),
                r == null ? d.minFailureThreshold() : or(r.minFailureThreshold(), d.minFailureThreshold()),
                l == null ? d.livenessRequired() : or(l.required(), d.livenessRequired()),
                l == null ? d.livenessMaxTimeoutSeconds() : or(l.maxTimeoutSeconds(), d.livenessMaxTimeoutSeconds()));
    }

    private static ResourceSettings resources(ResourcesSpec r) {
        ResourceSettings d = ResourceSettings.defaults();
        return new ResourceSettings(or(r.memoryLimitRequired(), d.memoryLimitRequired()),
                or(r.memoryLimitEqualsRequest(), d.memoryLimitEqualsRequest()),
                or(r.cpuRequestRequired(), d.cpuRequestRequired()));
    }

    private static SecuritySettings security(SecurityContextSpec s) {
        SecuritySettings d = SecuritySettings.defaults();
        return new SecuritySettings(or(s.runAsNonRoot(), d.runAsNonRoot()),
                or(s.allowPrivilegeEscalation(), d.allowPrivilegeEscalation()), or(s.privileged(), d.privileged()),
                or(s.hostNamespaces(), d.hostNamespaces()), or(s.dropAllCapabilities(), d.dropAllCapabilities()),
                s.allowedCapabilities() == null ? d.allowedCapabilities() : Set.copyOf(s.allowedCapabilities()),
                s.seccompProfile() == null ? d.seccompProfile()
                        : SecuritySettings.SeccompRequirement.valueOf(s.seccompProfile().name()),
                s.allowedVolumeTypes() == null ? d.allowedVolumeTypes() : Set.copyOf(s.allowedVolumeTypes()),
                or(s.readOnlyRootFilesystem(), d.readOnlyRootFilesystem()));
    }

    private static MtlsSettings mtls(MtlsSpec m) {
        MtlsSettings d = MtlsSettings.defaults();
        return new MtlsSettings(or(m.rootNamespace(), d.rootNamespace()), or(m.requireSidecar(), d.requireSidecar()));
    }

    private static AutoscalingSettings autoscaling(AutoscalingSpec a) {
        AutoscalingSettings d = AutoscalingSettings.defaults();
        return new AutoscalingSettings(or(a.maxTargetCPUUtilization(), d.maxTargetCPUUtilization()),
                or(a.remediate(), d.remediate()));
    }

    private static RuntimeSettings runtime(RuntimeSpec r, String policy) {
        RuntimeSettings d = RuntimeSettings.defaults();
        return new RuntimeSettings(or(r.requireCrashMessages(), d.requireCrashMessages()),
                or(r.maxRestarts(), d.maxRestarts()), r.window() == null ? d.window() : window(r.window(), policy));
    }

    /** {@code 1h}, {@code 30m}, {@code 1h30m}, {@code 90s}: the CRD's pattern admits nothing else. */
    static Duration window(String text, String policy) {
        java.util.regex.Matcher m = WINDOW.matcher(text);
        if (!m.matches() || text.isEmpty()) {
            throw new ManifestException("StabilityPolicy \"" + policy + "\": spec.rules.runtime.window \"" + text
                    + "\" is not a duration such as 1h, 30m or 1h30m");
        }
        Duration window = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2)))
                .plusSeconds(number(m.group(3)));
        if (window.isZero()) {
            throw new ManifestException("StabilityPolicy \"" + policy + "\": spec.rules.runtime.window must be longer than 0");
        }
        return window;
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static AvailabilitySettings availability(AvailabilitySpec a) {
        AvailabilitySettings d = AvailabilitySettings.defaults();
        return new AvailabilitySettings(or(a.minReplicas(), d.minReplicas()),
                or(a.requirePodDisruptionBudget(), d.requirePodDisruptionBudget()), or(a.requireSpread(), d.requireSpread()));
    }

    private static ApiSettings apis(ApisSpec a, String policy) {
        if (a.targetVersion() == null) {
            return ApiSettings.defaults();
        }
        try {
            return new ApiSettings(KubeVersion.parse(a.targetVersion()));
        } catch (IllegalArgumentException e) {
            throw new ManifestException("StabilityPolicy \"" + policy + "\": spec.rules.apis.targetVersion " + e.getMessage());
        }
    }

    private static GitopsSettings gitops(GitopsSpec g) {
        return g.allowedManagers() == null ? GitopsSettings.defaults() : new GitopsSettings(Set.copyOf(g.allowedManagers()));
    }

    private static Exemption exemption(ExemptionSpec e) {
        Function<List<String>, List<String>> orEmpty = l -> l == null ? List.of() : l;
        return new Exemption(Set.copyOf(orEmpty.apply(e.namespaces())), orEmpty.apply(e.names()),
                e.rules() == null ? Set.of() : Set.copyOf(e.rules()), e.reason() == null ? "no reason given" : e.reason());
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
