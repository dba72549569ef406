package dev.ballast.operator;

import dev.ballast.api.status.ExemptionEntry;
import dev.ballast.api.status.ViolationEntry;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * One policy's results, per workload, kept between evaluations: replacing one workload's outcome updates the counts
 * by difference, so status, score and a namespace's PolicyReport come from what is kept, never from re-evaluating
 * everything. Writes come from the policy's reconcile (one thread at a time) and are serialised on this object for
 * the counts; the report endpoint and the PolicyReport writer read the concurrent maps from other threads.
 */
final class PolicyLedger {
    private static final List<Severity> MOST_SEVERE_FIRST = java.util.Arrays.stream(Severity.values())
            .sorted(Severity.MOST_SEVERE_FIRST).toList();
    private static final Comparator<RuleResult> BY_RULE = Comparator.comparing(r -> r.rule().id());

    private final ConcurrentSkipListMap<WorkloadKey, WorkloadOutcome> outcomes = new ConcurrentSkipListMap<>();
    /** Per severity, the workloads failing a rule of that severity: status walks only these, never every failure. */
    private final Map<Severity, ConcurrentSkipListSet<WorkloadKey>> failingAt = new EnumMap<>(Severity.class);
    private final ConcurrentSkipListSet<WorkloadKey> exempted = new ConcurrentSkipListSet<>();
    private int compliant;
    private int passed;
    private int failed;
    private int skipped;

    PolicyLedger() {
        for (Severity severity : Severity.values()) {
            failingAt.put(severity, new ConcurrentSkipListSet<>());
        }
    }

    /** Counts over (workload, rule) pairs, as {@link Score} counts them. */
    record Totals(int workloads, int compliant, int passed, int failed, int skipped) {
        int score() {
            return Score.percent(passed, failed);
        }
    }

    /** A replaced outcome: before (null: new) and after (null: gone). */
    record Replaced(WorkloadOutcome before, WorkloadOutcome after) {
    }

    /** A ledger holding these evaluations. */
    static PolicyLedger of(Collection<Evaluation> evaluations) {
        PolicyLedger ledger = new PolicyLedger();
        StringPool strings = new StringPool(0);
        evaluations.forEach(e -> ledger.put(WorkloadOutcome.of(e, strings)));
        return ledger;
    }

    Replaced put(WorkloadOutcome outcome) {
        return replace(outcome.key(), outcome);
    }

    /**
     * Keeps {@code outcome} for the workload (null: it is gone or no longer selected); null when that is what was kept
     * already.
     */
    synchronized Replaced replace(WorkloadKey key, WorkloadOutcome outcome) {
        WorkloadOutcome before = outcome == null ? outcomes.remove(key) : outcomes.put(key, outcome);
        if (Objects.equals(before, outcome)) {
            return null;
        }
        count(before, -1);
        count(outcome, 1);
        Set<Severity> severities = outcome == null ? Set.of() : outcome.failingSeverities();
        failingAt.forEach((severity, keys) -> mark(keys, key, severities.contains(severity)));
        mark(exempted, key, outcome != null && outcome.count(Result.SKIP) > 0);
        return new Replaced(before, outcome);
    }

    private void count(WorkloadOutcome o, int sign) {
        if (o == null) {
            return;
        }
        compliant += o.compliant() ? sign : 0;
        passed += sign * o.count(Result.PASS);
        failed += sign * o.count(Result.FAIL);
        skipped += sign * o.count(Result.SKIP);
    }

    private static void mark(Set<WorkloadKey> set, WorkloadKey key, boolean member) {
        if (member) {
            set.add(key);
        } else {
            set.remove(key);
        }
    }

    synchronized Totals totals() {
        return new Totals(outcomes.size(), compliant, passed, failed, skipped);
    }

    /** The outcome kept for a workload; null when none. */
    WorkloadOutcome outcome(WorkloadKey key) {
        return outcomes.get(key);
    }

    /** Every workload with an outcome. */
    Set<WorkloadKey> keys() {
        return outcomes.keySet();
    }

    /** The workloads of one namespace with an outcome. */
    Set<WorkloadKey> keys(String namespace) {
        return outcomes.subMap(WorkloadKey.first(namespace), true, WorkloadKey.last(namespace), true).keySet();
    }

    /** The namespaces holding at least one outcome, in order. */
    Set<String> namespaces() {
        Set<String> namespaces = new TreeSet<>();
        WorkloadKey next = outcomes.isEmpty() ? null : outcomes.firstKey();
        while (next != null) {
            namespaces.add(next.namespace());
            next = outcomes.higherKey(WorkloadKey.last(next.namespace()));
        }
        return namespaces;
    }

    /** One namespace's outcomes as evaluations, in workload order. */
    List<Evaluation> evaluations(String policy, String namespace) {
        return outcomes.subMap(WorkloadKey.first(namespace), true, WorkloadKey.last(namespace), true).values().stream()
                .map(o -> o.evaluation(policy)).toList();
    }

    /** Every outcome as an evaluation (the cluster report takes evaluations; it is built on request). */
    List<Evaluation> evaluations(String policy) {
        return outcomes.values().stream().map(o -> o.evaluation(policy)).toList();
    }

    /**
     * The {@code max} most severe violations: by severity, then namespace, name and kind of the workload, then rule and
     * container. Walks, severity by severity, only the workloads failing at that severity and stops when it has
     * enough, so its cost follows {@code max}, not how many workloads fail.
     */
    List<ViolationEntry> topViolations(int max) {
        List<ViolationEntry> top = new ArrayList<>();
        if (max <= 0) {
            return top;
        }
        for (Severity severity : MOST_SEVERE_FIRST) {
            for (WorkloadKey key : failingAt.get(severity)) {
                WorkloadOutcome o = outcomes.get(key);
                if (o == null) {
                    continue;
                }
                List<ViolationEntry> here = new ArrayList<>();
                for (RuleResult r : o.nonPassing()) {
                    if (r.result() == Result.FAIL && r.severity() == severity) {
                        for (Finding f : r.findings()) {
                            here.add(new ViolationEntry(key.namespace(), key.kind(), key.name(), r.rule().id(),
                                    severity.id(), f.container(), f.message()));
                        }
                    }
                }
                here.sort(Comparator.comparing(ViolationEntry::rule).thenComparing(v -> Objects.toString(v.container(), "")));
                for (ViolationEntry v : here) {
                    top.add(v);
                    if (top.size() == max) {
                        return top;
                    }
                }
            }
        }
        return top;
    }

    /** The first {@code max} exemptions in namespace, name, kind and rule order, each with its reason. */
    List<ExemptionEntry> firstExemptions(int max) {
        List<ExemptionEntry> first = new ArrayList<>();
        for (WorkloadKey key : exempted) {
            WorkloadOutcome o = outcomes.get(key);
            if (o == null) {
                continue;
            }
            for (RuleResult r : o.nonPassing().stream().sorted(BY_RULE).toList()) {
                if (r.result() == Result.SKIP) {
                    first.add(new ExemptionEntry(key.namespace(), key.kind(), key.name(), r.rule().id(),
                            r.findings().get(0).message()));
                    if (first.size() == max) {
                        return first;
                    }
                }
            }
        }
        return first;
    }
}
