package dev.ballast.report.cluster;

import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.runtime.RuntimeCauses;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.report.FindingRow;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the {@link ClusterReport} from each policy's evaluations; pure, so the operator and the CLI agree. */
public final class ClusterReportBuilder {
    private ClusterReportBuilder() {
    }

    /** One policy's input: its name and mode, its evaluations, and the remediations its status lists. */
    public record PolicyResults(String name, String mode, List<Evaluation> evaluations, List<ClusterReport.Remediation> remediations) {
        /** With the remediations the policy's status lists (the operator keeps the recent ones there). */
        public static PolicyResults of(String name, String mode, List<Evaluation> evaluations, StabilityPolicyStatus status) {
            List<ClusterReport.Remediation> remediations = status == null || status.remediations() == null ? List.of()
                    : status.remediations().stream().map(r -> new ClusterReport.Remediation(name, r.namespace(), r.name(),
                            r.from(), r.to(), r.time())).toList();
            return new PolicyResults(name, mode, List.copyOf(evaluations), remediations);
        }
    }

    public static ClusterReport build(ClusterReport.Cluster cluster, Instant generatedAt, List<PolicyResults> policies) {
        List<Evaluation> all = new ArrayList<>();
        List<ClusterReport.PolicyRow> policyRows = new ArrayList<>();
        List<ClusterReport.Remediation> remediations = new ArrayList<>();
        for (PolicyResults p : policies) {
            all.addAll(p.evaluations());
            Score s = Score.of(p.evaluations());
            policyRows.add(new ClusterReport.PolicyRow(p.name(), p.mode(), s.objects(), s.passed(), s.failed(), s.skipped(),
                    s.score(), violations(p.evaluations())));
            remediations.addAll(p.remediations());
        }
        policyRows.sort(Comparator.comparingInt(ClusterReport.PolicyRow::score).thenComparing(ClusterReport.PolicyRow::name));
        remediations.sort(Comparator.comparing((ClusterReport.Remediation r) -> String.valueOf(r.time())).reversed());

        Map<String, List<Evaluation>> byNamespace = new TreeMap<>();
        Map<String, List<Evaluation>> byWorkload = new LinkedHashMap<>();
        for (Evaluation e : all) {
            byNamespace.computeIfAbsent(e.subject().namespace(), k -> new ArrayList<>()).add(e);
            byWorkload.computeIfAbsent(e.subject().display(), k -> new ArrayList<>()).add(e);
        }
        List<ClusterReport.NamespaceRow> namespaceRows = new ArrayList<>();
        byNamespace.forEach((ns, evaluations) -> {
            Score s = Score.of(evaluations);
            namespaceRows.add(new ClusterReport.NamespaceRow(ns, s.objects(), s.passed(), s.failed(), s.skipped(), s.score(),
                    violations(evaluations)));
        });
        namespaceRows.sort(Comparator.comparingInt(ClusterReport.NamespaceRow::score).thenComparing(ClusterReport.NamespaceRow::name));

        List<ClusterReport.WorkloadRow> workloads = new ArrayList<>();
        List<ClusterReport.RuntimeRow> runtime = new ArrayList<>();
        byWorkload.values().forEach(evaluations -> {
            runtimeRow(evaluations).ifPresent(runtime::add);
            List<ClusterReport.FindingEntry> findings = new ArrayList<>();
            for (Evaluation e : evaluations) {
                FindingRow.of(e).forEach(row -> findings.add(entry(row)));
            }
            if (!findings.isEmpty()) {
                var subject = evaluations.get(0).subject();
                workloads.add(new ClusterReport.WorkloadRow(subject.namespace(), subject.kind(), subject.name(),
                        Score.of(evaluations).score(), findings));
            }
        });
        workloads.sort(Comparator.comparingInt(ClusterReport.WorkloadRow::score).thenComparing(ClusterReport.WorkloadRow::namespace)
                .thenComparing(ClusterReport.WorkloadRow::kind).thenComparing(ClusterReport.WorkloadRow::name));

        Score total = Score.of(all);
        return new ClusterReport(generatedAt.toString(), cluster, new ClusterReport.Totals(total.objects(), total.compliant(),
                total.passed(), total.failed(), total.skipped(), total.score(), violations(all)),
                policyRows, namespaceRows, workloads, remediations, runtime);
    }

    /** The workload's Pod-status failures and the failing static findings that explain them; empty when none. */
    private static java.util.Optional<ClusterReport.RuntimeRow> runtimeRow(List<Evaluation> evaluations) {
        java.util.Set<RuleId> explaining = java.util.EnumSet.noneOf(RuleId.class);
        java.util.Set<ClusterReport.FindingEntry> failures = new java.util.LinkedHashSet<>();
        for (Evaluation e : evaluations) {
            for (FindingRow row : FindingRow.of(e)) {
                if (row.result() == Result.FAIL && RuntimeCauses.podStatusRule(row.rule())) {
                    failures.add(entry(row, false));
                    explaining.addAll(RuntimeCauses.explaining(row.rule()));
                }
            }
        }
        if (failures.isEmpty()) {
            return java.util.Optional.empty();
        }
        java.util.Set<ClusterReport.FindingEntry> causes = new java.util.LinkedHashSet<>();
        for (Evaluation e : evaluations) {
            for (FindingRow row : FindingRow.of(e)) {
                if (row.result() == Result.FAIL && explaining.contains(row.rule())) {
                    causes.add(entry(row, false));
                }
            }
        }
        var subject = evaluations.get(0).subject();
        return java.util.Optional.of(new ClusterReport.RuntimeRow(subject.namespace(), subject.kind(), subject.name(),
                List.copyOf(failures), List.copyOf(causes)));
    }

    /** As {@link #entry(FindingRow)}; {@code perPolicy} false drops the policy, so policies do not repeat a finding. */
    private static ClusterReport.FindingEntry entry(FindingRow row, boolean perPolicy) {
        ClusterReport.FindingEntry e = entry(row);
        return perPolicy ? e : new ClusterReport.FindingEntry(null, e.rule(), e.severity(), e.result(), e.container(),
                e.field(), e.message(), e.fix());
    }

    private static ClusterReport.FindingEntry entry(FindingRow row) {
        boolean fail = row.result() == Result.FAIL;
        return new ClusterReport.FindingEntry(row.policy(), row.rule().id(), row.severity().id(), row.result().id(),
                row.container(), row.field(), row.message(), fail ? row.rule().remedy() : null);
    }

    /**
     * Failing (workload, rule) pairs by severity, every severity present (zeros included), most severe first: the
     * same pairs {@link Score} counts as failed, so the severities add up to it however many containers failed.
     */
    static Map<String, Integer> violations(List<Evaluation> evaluations) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            counts.put(s.id(), 0);
        }
        for (Evaluation e : evaluations) {
            for (RuleResult r : e.resultsOf(Result.FAIL)) {
                counts.merge(r.severity().id(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
