package dev.ballast.report.cluster;

import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A report from the real engine: {@code count} workloads over a few namespaces, every third with a probe timeout
 * of 30 s, every fifth running as root, every seventh exempted from probe-timeout with a reason.
 */
final class ReportFixture {
    static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    private ReportFixture() {
    }

    static final ClusterReport.Cluster CLUSTER = new ClusterReport.Cluster("https://127.0.0.1:6443", "v1.34.4");

    static ClusterReport report(int count) {
        return ClusterReportBuilder.build(CLUSTER, AT, List.of(results(count)));
    }

    static ClusterReportBuilder.PolicyResults results(int count) {
        Policy policy = PolicyFixture.withoutMtls();
        List<Evaluation> evaluations = new ArrayList<>();
        List<NamespaceView> namespaces = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            namespaces.add(new NamespaceView("team-" + n, Map.of()));
        }
        ClusterContext context = ClusterContext.of(namespaces, List.of(), List.of());
        var evaluator = Rules.evaluator();
        for (int i = 0; i < count; i++) {
            WorkloadFixture w = WorkloadFixture.compliant().set("metadata.name", "web-" + i).set("metadata.namespace", "team-" + (i % 10));
            if (i % 3 == 0) {
                w.set("spec.template.spec.containers[0].readinessProbe.timeoutSeconds", "30");
            }
            if (i % 5 == 0) {
                w.set("spec.template.spec.securityContext.runAsNonRoot", "false");
            }
            if (i % 7 == 0) {
                w.set("metadata.annotations", "{ballast.dev/exempt: probe-timeout, ballast.dev/exempt-reason: \"legacy | <b>batch</b>\"}");
            }
            evaluator.evaluate(policy, w.workload(), context).ifPresent(evaluations::add);
        }
        var remediation = new ClusterReport.Remediation("baseline", "team-1", "web-hpa", 90, 70, "2026-11-26T11:00:00Z");
        return new ClusterReportBuilder.PolicyResults(policy.name(), policy.mode().name(), evaluations, List.of(remediation));
    }
}
