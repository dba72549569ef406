package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Target;
import dev.ballast.rules.autoscaling.HpaCpuTargetRule;
import dev.ballast.rules.gitops.GitopsUnmanagedChangeRule;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.mtls.MtlsPermissivePolicyRule;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a policy's rules over one object. Immutable and stateless between calls, so one instance serves every
 * thread. The constructor validates the catalogue: exactly one workload rule per workload {@link RuleId}.
 */
public final class Evaluator {
    private final List<RuleBinding<?>> bindings;
    private final GitopsUnmanagedChangeRule gitops = new GitopsUnmanagedChangeRule();
    private final MtlsPermissivePolicyRule permissive = new MtlsPermissivePolicyRule();
    private final HpaCpuTargetRule hpaCpuTarget = new HpaCpuTargetRule();

    public Evaluator(List<RuleBinding<?>> bindings) {
        Set<RuleId> seen = EnumSet.noneOf(RuleId.class);
        for (RuleBinding<?> b : bindings) {
            RuleId id = b.rule().id();
            if (id.target() != Target.WORKLOAD || !seen.add(id)) {
                throw new IllegalArgumentException("rule catalogue: " + id + " is bound twice or is not a workload rule");
            }
        }
        for (RuleId id : RuleId.values()) {
            if (id.target() == Target.WORKLOAD && !seen.contains(id)) {
                throw new IllegalArgumentException("rule catalogue: no rule implements " + id);
            }
        }
        this.bindings = List.copyOf(bindings);
    }

    /** Whether the policy selects this workload at all (kind, namespace, selectors). */
    public boolean selects(Policy policy, Workload workload, ClusterContext context) {
        return PolicyMatcher.selectsWorkload(policy.match(), workload.kind(), workload.namespace(), workload.labels(),
                context);
    }

    /** Evaluates every workload the policy selects, in order. */
    public List<Evaluation> evaluateAll(Policy policy, java.util.Collection<Workload> workloads, ClusterContext context) {
        List<Evaluation> evaluations = new ArrayList<>();
        for (Workload w : workloads) {
            evaluate(policy, w, context).ifPresent(evaluations::add);
        }
        return evaluations;
    }

    /** Evaluates a workload; empty when the policy does not select it. */
    public Optional<Evaluation> evaluate(Policy policy, Workload workload, ClusterContext context) {
        return evaluate(policy, workload, context, Cancellation.NONE);
    }

    /** As above, asking {@code cancellation} before each rule (a rule's cost grows with the workload's containers). */
    public Optional<Evaluation> evaluate(Policy policy, Workload workload, ClusterContext context, Cancellation cancellation) {
        if (!selects(policy, workload, context)) {
            return Optional.empty();
        }
        Exemptions exemptions = new Exemptions(policy, workload.namespace(), workload.name(), workload.annotations(),
                context);
        List<RuleResult> results = new ArrayList<>(bindings.size() + 1);
        Violations violations = new Violations();
        for (RuleBinding<?> binding : bindings) {
            cancellation.check();
            RuleResult result = run(binding, policy, workload, context, exemptions, violations);
            if (result != null) {
                results.add(result);
            }
        }
        return Optional.of(new Evaluation(policy.name(), workload.ref(), results));
    }

    /**
     * Evaluates a workload at admission: every workload rule, plus exemption-not-allowed, which fails when a policy
     * that does not honour the exemption annotation sees it added or widened ({@code previousAnnotations}: the old
     * object's, empty on CREATE). Policy exemptions and StabilityExceptions may still skip it; the annotation cannot.
     */
    public Optional<Evaluation> evaluateAdmission(Policy policy, Workload workload, Map<String, String> previousAnnotations,
                                                  ClusterContext context) {
        return evaluateAdmission(policy, workload, previousAnnotations, context, Cancellation.NONE);
    }

    /** As above, asking {@code cancellation} before each rule. */
    public Optional<Evaluation> evaluateAdmission(Policy policy, Workload workload, Map<String, String> previousAnnotations,
                                                  ClusterContext context, Cancellation cancellation) {
        return evaluate(policy, workload, context, cancellation).map(evaluation -> {
            List<RuleResult> results = new ArrayList<>(evaluation.results());
            results.add(exemptionChange(policy, workload, previousAnnotations, context));
            return new Evaluation(evaluation.policy(), evaluation.subject(), results);
        });
    }

    private static RuleResult exemptionChange(Policy policy, Workload workload, Map<String, String> previousAnnotations,
                                              ClusterContext context) {
        RuleId id = RuleId.EXEMPTION_NOT_ALLOWED;
        Set<RuleId> added = EnumSet.noneOf(RuleId.class);
        added.addAll(Exemptions.annotated(workload.annotations()));
        added.removeAll(Exemptions.annotated(previousAnnotations));
        if (policy.honoursAnnotations() || added.isEmpty()) {
            return RuleResult.pass(id);
        }
        String exempt = new Exemptions(policy, workload.namespace(), workload.name(), Map.of(), context).reason(id);
        if (exempt != null) {
            return RuleResult.skip(id, exempt);
        }
        String asked = added.size() == RuleId.values().length ? "every rule"
                : added.stream().map(RuleId::id).sorted().collect(Collectors.joining(","));
        return new RuleResult(id, Result.FAIL, List.of(new Finding(null,
                "metadata.annotations[" + Exemptions.ANNOTATION + "]", "annotation " + Exemptions.ANNOTATION
                + " exempts " + asked + ", but policy " + policy.name() + " does not honour it (annotationExemptions: Deny)")));
    }

    private static <S> RuleResult run(RuleBinding<S> binding, Policy policy, Workload workload, ClusterContext context,
                                      Exemptions exemptions, Violations violations) {
        S settings = binding.settings().apply(policy);
        WorkloadRule<S> rule = binding.rule();
        if (settings == null || !rule.enabled(settings)) {
            return null;
        }
        String exempt = exemptions.reason(rule.id());
        if (exempt != null) {
            return RuleResult.skip(rule.id(), exempt);
        }
        rule.check(workload, settings, context, violations);
        if (violations.isEmpty()) {
            return RuleResult.pass(rule.id());
        }
        List<Finding> findings = violations.drain();
        if (exemptions.annotationIgnored(rule.id())) {
            String note = exemptions.ignoredNote();
            findings = findings.stream().map(f -> new Finding(f.container(), f.field(), f.message() + note)).toList();
        }
        return new RuleResult(rule.id(), Result.FAIL, findings);
    }

    /** Evaluates a ConfigMap or Secret against the gitops group; empty when not selected or not applicable. */
    public Optional<Evaluation> evaluate(Policy policy, ConfigObject object, ClusterContext context) {
        if (policy.gitops() == null || !gitops.applies(object)
                || !PolicyMatcher.selectsNamespace(policy.match(), object.namespace(), context)) {
            return Optional.empty();
        }
        String exempt = new Exemptions(policy, object.namespace(), object.name(), Map.of(), context)
                .reason(gitops.id());
        RuleResult result = exempt != null ? RuleResult.skip(gitops.id(), exempt)
                : gitops.check(object, policy.gitops())
                        .map(f -> new RuleResult(gitops.id(), Result.FAIL, List.of(f)))
                        .orElse(RuleResult.pass(gitops.id()));
        return Optional.of(new Evaluation(policy.name(), object.ref(), List.of(result)));
    }

    /**
     * Evaluates an HPA on its own (admission) against the autoscaling group: policies selecting its namespace and the
     * kind of its scale target.
     */
    public Optional<Evaluation> evaluate(Policy policy, HpaView hpa, ClusterContext context) {
        if (policy.autoscaling() == null || !policy.match().kinds().contains(hpa.targetKind())
                || !PolicyMatcher.selectsNamespace(policy.match(), hpa.namespace(), context)) {
            return Optional.empty();
        }
        var ref = new ResourceRef("HorizontalPodAutoscaler", hpa.namespace(), hpa.name(), hpa.source());
        // hpa-cpu-target is a rule of the scale target: the workload's exemptions apply (its annotations are not known here)
        String target = hpa.targetName() == null ? hpa.name() : hpa.targetName();
        String exempt = new Exemptions(policy, hpa.namespace(), target, Map.of(), context).reason(hpaCpuTarget.id());
        if (exempt != null) {
            return Optional.of(new Evaluation(policy.name(), ref, List.of(RuleResult.skip(hpaCpuTarget.id(), exempt))));
        }
        Violations violations = new Violations();
        hpaCpuTarget.checkHpa(hpa, policy.autoscaling(), violations);
        RuleResult result = violations.isEmpty() ? RuleResult.pass(hpaCpuTarget.id())
                : new RuleResult(hpaCpuTarget.id(), Result.FAIL, violations.drain());
        return Optional.of(new Evaluation(policy.name(), ref, List.of(result)));
    }

    /** Evaluates a PeerAuthentication (admission only) against the mtls group. */
    public Optional<Evaluation> evaluate(Policy policy, PeerAuthenticationView pa, ClusterContext context) {
        if (policy.mtls() == null || !PolicyMatcher.selectsNamespace(policy.match(), pa.namespace(), context)) {
            return Optional.empty();
        }
        var ref = new ResourceRef("PeerAuthentication", pa.namespace(), pa.name(), pa.source());
        String exempt = new Exemptions(policy, pa.namespace(), pa.name(), Map.of(), context)
                .reason(permissive.id());
        if (exempt != null) {
            return Optional.of(new Evaluation(policy.name(), ref, List.of(RuleResult.skip(permissive.id(), exempt))));
        }
        List<Finding> findings = permissive.check(pa);
        RuleResult result = findings.isEmpty() ? RuleResult.pass(permissive.id())
                : new RuleResult(permissive.id(), Result.FAIL, findings);
        return Optional.of(new Evaluation(policy.name(), ref, List.of(result)));
    }
}
