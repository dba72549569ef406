package dev.ballast.report.cluster;

import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.GoFatal;
import dev.ballast.rules.model.GoFatalError;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Termination;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.RuntimeSettings;
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
        return results(count, false);
    }

    /**
     * The same report with the Pod-status rules on, as the operator judges: every eleventh workload's Pod was
     * OOMKilled, every thirteenth is crash-looping, every seventeenth died of Go's concurrent map writes.
     */
    static ClusterReport withRuntime(int count) {
        return ClusterReportBuilder.build(CLUSTER, AT, List.of(results(count, true)));
    }

    private static ClusterReportBuilder.PolicyResults results(int count, boolean runtime) {
        Policy policy = runtime ? PolicyFixture.withoutMtls().toBuilder().runtime(RuntimeSettings.defaults()).build() : PolicyFixture.withoutMtls();
        List<Evaluation> evaluations = new ArrayList<>();
        List<NamespaceView> namespaces = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            namespaces.add(new NamespaceView("team-" + n, Map.of()));
        }
        ClusterContext context = ClusterContext.of(namespaces, List.of(), List.of());
        if (runtime) {
            context = context.at(AT).withPods(ReportFixture::pods);
        }
        var evaluator = Rules.evaluator();
        for (int i = 0; i < count; i++) {
            WorkloadFixture w = WorkloadFixture.compliant().set("metadata.name", "web-" + i).set("metadata.namespace", "team-" + (i % 10));
            if (i % 3 == 0) {
                w.set("spec.template.spec.containers[0].readinessProbe.timeoutSeconds", "30");
            }
            if (i % 5 == 0) {
                w.set("spec.template.spec.securityContext.runAsNonRoot", "false");
            }
            if (runtime && i % 11 == 0) { // the OOM kills below, explained by a memory limit above the request
                w.set("spec.template.spec.containers[0].resources.requests.memory", "256Mi");
            }
            if (i % 7 == 0) {
                w.set("metadata.annotations", "{ballast.dev/exempt: probe-timeout, ballast.dev/exempt-reason: \"legacy | <b>batch</b>\"}");
            }
            evaluator.evaluate(policy, w.workload(), context).ifPresent(evaluations::add);
        }
        var remediation = new ClusterReport.Remediation("baseline", "team-1", "web-hpa", 90, 70, "2026-11-26T11:00:00Z");
        return new ClusterReportBuilder.PolicyResults(policy.name(), policy.mode().name(), evaluations, List.of(remediation));
    }

    private static List<PodView> pods(Workload w) {
        int i = Integer.parseInt(w.name().substring("web-".length()));
        Termination died;
        String waiting = null;
        if (i % 11 == 0) {
            died = new Termination(Termination.OOM_KILLED, 137, AT.minusSeconds(120), null);
        } else if (i % 13 == 0) {
            died = new Termination("Error", 1, AT.minusSeconds(30), null);
            waiting = ContainerStatusView.CRASH_LOOP_BACK_OFF;
        } else if (i % 17 == 0) {
            died = new Termination("Error", 2, AT.minusSeconds(300), new GoFatal(GoFatalError.CONCURRENT_MAP_WRITES,
                    "fatal error: concurrent map writes", "main.(*cache).put(...) /src/cache.go:42"));
        } else {
            return List.of();
        }
        String pod = w.name() + "-5d9c7-" + i;
        return List.of(new PodView(w.namespace(), pod, List.of(new OwnerRef("ReplicaSet", w.name() + "-5d9c7", null),
                new OwnerRef("Deployment", w.name(), null)), Map.of(), List.of(new ContainerStatusView(
                w.template().containers().get(0).name(), 5, waiting, null, died))));
    }
}
