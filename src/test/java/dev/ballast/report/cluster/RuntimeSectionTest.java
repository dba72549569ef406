package dev.ballast.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Termination;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.RuntimeSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's Runtime section: each crash next to the static finding that explains it, in every format. */
class RuntimeSectionTest {
    static final Instant NOW = Instant.parse("2026-11-29T21:00:00Z");
    static final Policy POLICY = PolicyFixture.withoutMtls().toBuilder().runtime(RuntimeSettings.defaults()).build();

    @Test
    void oomKillSitsNextToTheUnequalMemoryRequest() {
        Workload web = WorkloadFixture.compliant().set("spec.template.spec.containers[0].resources.requests.memory", "256Mi")
                .set("spec.template.spec.containers[0].terminationMessagePolicy", "FallbackToLogsOnError").workload();
        Workload quiet = WorkloadFixture.compliant().set("metadata.name", "quiet").workload();
        ClusterContext operator = ClusterContext.EMPTY.at(NOW).withPods(w -> w.name().equals("web") ? List.of(
                new PodView("shop", "web-5d9c7-a", List.of(new OwnerRef("ReplicaSet", "web-5d9c7", null),
                        new OwnerRef("Deployment", "web", null)), Map.of("app", "web"), List.of(
                        new ContainerStatusView("app", 3, null, null,
                                new Termination("OOMKilled", 137, NOW.minusSeconds(60), null))))) : List.of());
        List<Evaluation> evaluations = List.of(Rules.evaluator().evaluate(POLICY, web, operator).orElseThrow(),
                Rules.evaluator().evaluate(POLICY, quiet, operator).orElseThrow());

        ClusterReport report = ClusterReportBuilder.build(ReportFixture.CLUSTER, NOW,
                List.of(new ClusterReportBuilder.PolicyResults("baseline", "Audit", evaluations, List.of())));

        assertThat(report.runtime()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("web");
            assertThat(row.failures()).extracting(ClusterReport.FindingEntry::rule).containsExactly("oom-killed");
            assertThat(row.failures().get(0).message()).contains("OOMKilled in Pod web-5d9c7-a")
                    .contains("memory-limit-not-equal-request also fails");
            assertThat(row.explainedBy()).extracting(ClusterReport.FindingEntry::rule)
                    .containsExactly("memory-limit-not-equal-request");
        });
        assertThat(MarkdownReportRenderer.render(report)).contains("## Runtime")
                .contains("| shop | Deployment/web | oom-killed | container \"app\" was OOMKilled in Pod web-5d9c7-a");
        assertThat(HtmlReportRenderer.render(report)).contains("<h2 id=\"h-runtime\">Runtime</h2>")
                .contains("<td><code>oom-killed</code></td>")
                .contains("<div><code>memory-limit-not-equal-request</code>: container &quot;app&quot;");
    }

    @Test
    void withoutPodStatusTheSectionIsEmpty() {
        assertThat(ReportFixture.report(20).runtime()).isEmpty();
        assertThat(MarkdownReportRenderer.render(ReportFixture.report(3))).contains("## Runtime\n\nNone.");
    }
}
