package dev.ballast.operator;

import dev.ballast.config.ReportFormat;
import dev.ballast.rules.engine.Evaluation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The report writers of the configured {@code ballast.reports.format}: one {@link PolicyReportWriter} per API, each
 * with the same results and ownership rules, their outcomes merged for status.
 */
final class PolicyReportWriters {
    private final List<PolicyReportWriter> writers;

    PolicyReportWriters(KubernetesClient client, ReportFormat format, int maxResults) {
        this.writers = ReportApi.of(format).stream().map(api -> new PolicyReportWriter(client, api, maxResults)).toList();
    }

    /** Writes every format; the notes of formats that could not be written are joined, the conflicts of all listed. */
    PolicyReportWriter.Outcome write(String policy, String policyUid, List<Evaluation> evaluations) {
        List<String> notes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (PolicyReportWriter writer : writers) {
            PolicyReportWriter.Outcome outcome = writer.write(policy, policyUid, evaluations);
            if (outcome.note() != null) {
                notes.add(outcome.note());
            }
            conflicts.addAll(outcome.conflicts());
        }
        return new PolicyReportWriter.Outcome(notes.isEmpty() ? null : String.join("; ", notes), conflicts);
    }

    void deleteAll(String policy) {
        writers.forEach(w -> w.deleteAll(policy));
    }
}
