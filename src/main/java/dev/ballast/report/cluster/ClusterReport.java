package dev.ballast.report.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * The cluster report, one model for the HTML page, JSON and Markdown: overall counts, per policy, per namespace,
 * per workload (its non-passing results: violations and exemptions), recent HPA remediations, and the workloads
 * failing at run time (crash loops, OOM kills, Go fatal errors) next to the static findings that explain them. Counts are
 * (workload, rule) pairs, as in the score; {@code violations} counts failing findings by severity.
 */
public record ClusterReport(String generatedAt, Cluster cluster, Totals summary, List<PolicyRow> policies,
                            List<NamespaceRow> namespaces, List<WorkloadRow> workloads, List<Remediation> remediations,
                            List<RuntimeRow> runtime) {

    public record Cluster(String server, String version) {
        /** The API server's URL and version (one GET /version); "unknown" when the version cannot be read. */
        public static Cluster of(KubernetesClient client) {
            String version;
            try {
                version = client.getKubernetesVersion().getGitVersion();
            } catch (RuntimeException e) {
                version = "unknown";
            }
            return new Cluster(client.getMasterUrl().toString(), version);
        }
    }

    public record Totals(int workloads, int compliant, int passed, int failed, int skipped, int score,
                         Map<String, Integer> violations) {
    }

    public record PolicyRow(String name, String mode, int workloads, int passed, int failed, int skipped, int score,
                            Map<String, Integer> violations) {
    }

    public record NamespaceRow(String name, int workloads, int passed, int failed, int skipped, int score,
                               Map<String, Integer> violations) {
    }

    public record WorkloadRow(String namespace, String kind, String name, int score, List<FindingEntry> findings) {
    }

    /** One non-passing result. {@code result} is fail or skip; a skip's message is the exemption's reason. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FindingEntry(String policy, String rule, String severity, String result, String container,
                               String field, String message, String fix) {
    }

    /**
     * A workload failing at run time: its crash-looping, oom-killed and go-runtime-fatal findings (each message names
     * the Pod, restarts in the window, exit code and the quoted fatal line) and the static findings that explain them
     * (e.g. memory-limit-not-equal-request next to an OOM kill).
     */
    public record RuntimeRow(String namespace, String kind, String name, List<FindingEntry> failures,
                             List<FindingEntry> explainedBy) {
        /** One line per failure: the rule, then its message, then what explains it ("rule: message; ..."), or "". */
        public List<List<String>> lines() {
            String causes = String.join("; ", explainedBy.stream().map(c -> c.rule() + ": " + c.message()).toList());
            return failures.stream().map(f -> List.of(namespace, kind + "/" + name, f.rule(), f.message(), causes)).toList();
        }
    }

    public record Remediation(String policy, String namespace, String name, Integer from, Integer to, String time) {
    }
}
