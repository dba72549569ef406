package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a policy's rules over one subject: selection, exemptions, cancellation and the note on an ignored exemption
 * annotation are decided here, once, for every kind of subject. Immutable and stateless between calls, so one
 * instance serves every thread. The constructor validates the catalogue: every rule ID but exemption-not-allowed and
 * schema-invalid (judged by ballast audit --strict) implemented, none twice for one kind of subject.
 */
public final class Evaluator {
    /** Below this many subjects (or their results), splitting work over threads costs more than it saves. */
    public static final int PARALLEL_FROM = 512;
    private final Map<Class<?>, List<Rule<?, ?>>> rulesBySubject;

    public Evaluator(List<Rule<?, ?>> rules) {
        Set<String> seen = new HashSet<>();
        Set<RuleId> implemented = EnumSet.noneOf(RuleId.class);
        Map<Class<?>, List<Rule<?, ?>>> bySubject = new HashMap<>();
        for (Rule<?, ?> rule : rules) {
            RuleId id = rule.id();
            if (!id.target().judgedByRules() || !seen.add(id + "/" + rule.subject().getName())) {
                throw new IllegalArgumentException("rule catalogue: " + id + " is bound twice for "
                        + rule.subject().getSimpleName() + " or is judged by the evaluator itself");
            }
            implemented.add(id);
            bySubject.computeIfAbsent(rule.subject(), k -> new ArrayList<>()).add(rule);
        }
        for (RuleId id : RuleId.values()) {
            if (id.target().judgedByRules() && !implemented.contains(id)) {
                throw new IllegalArgumentException("rule catalogue: no rule implements " + id);
            }
        }
        Map<Class<?>, List<Rule<?, ?>>> frozen = new HashMap<>();
        bySubject.forEach((subject, list) -> frozen.put(subject, List.copyOf(list)));
        this.rulesBySubject = Map.copyOf(frozen);
    }

    /**
     * Evaluates every subject the policy selects, in order. A large set is split over the common fork-join pool: the
     * rules keep no state and the context is immutable, so subjects evaluate independently.
     */
    public List<Evaluation> evaluateAll(Policy policy, Collection<? extends Subject> subjects, ClusterContext context) {
        if (subjects.size() >= PARALLEL_FROM) {
            return subjects.parallelStream().map(s -> evaluate(policy, s, context)).flatMap(Optional::stream).toList();
        }
        List<Evaluation> evaluations = new ArrayList<>();
        for (Subject s : subjects) {
            evaluate(policy, s, context).ifPresent(evaluations::add);
        }
        return evaluations;
    }

    /** As {@link #evaluate(Policy, Subject, ClusterContext, Cancellation)}, never cancelled. */
    public Optional<Evaluation> evaluate(Policy policy, Subject subject, ClusterContext context) {
        return evaluate(policy, subject, context, Cancellation.NONE);
    }

    /**
     * Evaluates one subject, asking {@code cancellation} before each rule (a rule's cost grows with the workload's
     * containers). Empty when the policy does not select it, or when no rule applies to a subject that is not
     * reported without rules.
     */
    public Optional<Evaluation> evaluate(Policy policy, Subject subject, ClusterContext context,
                                         Cancellation cancellation) {
        if (!PolicyMatcher.selects(policy.match(), subject, context)) {
            return Optional.empty();
        }
        Exemptions exemptions = new Exemptions(policy, subject.namespace(), subject.exemptionName(),
                subject.exemptionAnnotations(), context);
        List<Rule<?, ?>> rules = rulesBySubject.getOrDefault(subject.getClass(), List.of());
        List<RuleResult> results = new ArrayList<>(rules.size() + 1);
        Violations violations = new Violations();
        for (Rule<?, ?> rule : rules) {
            cancellation.check();
            RuleResult result = run(rule, policy, subject, context, exemptions, violations);
            if (result != null) {
                results.add(result);
            }
        }
        if (results.isEmpty() && !subject.reportedWithoutRules()) {
            return Optional.empty();
        }
        return Optional.of(new Evaluation(policy.name(), subject.ref(), results));
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

    private static <T extends Subject, S> RuleResult run(Rule<T, S> rule, Policy policy, Subject subject,
                                                         ClusterContext context, Exemptions exemptions,
                                                         Violations violations) {
        S settings = rule.settings(policy);
        T judged = rule.subject().cast(subject);
        if (settings == null || !rule.enabled(settings) || !rule.appliesTo(judged, context)) {
            return null;
        }
        String exempt = exemptions.reason(rule.id());
        if (exempt != null) {
            return RuleResult.skip(rule.id(), exempt);
        }
        rule.check(judged, settings, context, violations);
        if (violations.isEmpty()) {
            violations.drain(); // forgets a severity judged without a finding
            return RuleResult.pass(rule.id());
        }
        Severity severity = violations.severity();
        List<Finding> findings = violations.drain();
        if (exemptions.annotationIgnored(rule.id())) {
            String note = exemptions.ignoredNote();
            findings = findings.stream().map(f -> new Finding(f.container(), f.field(), f.message() + note)).toList();
        }
        return new RuleResult(rule.id(), Result.FAIL, findings, severity);
    }
}
