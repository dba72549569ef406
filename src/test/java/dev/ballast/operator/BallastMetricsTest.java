package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /q/metrics says about Ballast's own metrics: every family has a HELP text, so a dashboard can explain it. */
class BallastMetricsTest {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final BallastMetrics metrics = new BallastMetrics(registry);

    @Test
    void everyBallastMetricHasAHelpText() {
        WorkloadOutcome failing = WorkloadOutcome.of(PolicyStatusCalculatorTest.eval("a", RuleId.PROBE_TIMEOUT), new StringPool(10));
        metrics.outcomeChanged("baseline", null, failing);
        metrics.score("baseline", 50);
        metrics.evaluations("baseline", 1);
        metrics.reconciled("baseline", Duration.ofMillis(3));
        metrics.remediated("baseline");
        String scrape = registry.scrape();

        List<String> families = scrape.lines().filter(l -> l.startsWith("# TYPE ballast_")).map(l -> l.split(" ")[2]).toList();
        assertThat(families).contains("ballast_compliance_score", "ballast_violations", "ballast_remediations_total",
                "ballast_reconcile_duration_seconds", "ballast_evaluations_total");
        for (String family : families) {
            assertThat(scrape.lines().filter(l -> l.startsWith("# HELP " + family + " ")).findFirst())
                    .as("HELP of %s", family).hasValueSatisfying(help ->
                            assertThat(help.substring(("# HELP " + family + " ").length())).as("HELP of %s", family).isNotBlank());
        }
        assertThat(scrape).contains("# HELP ballast_compliance_score Compliance score 0-100 of a policy");
        assertThat(scrape).contains("ballast_compliance_score{policy=\"baseline\",} 50.0");
    }

    @Test
    void aForgottenPolicyLeavesNoScoreAndNoViolations() {
        metrics.outcomeChanged("gone", null, WorkloadOutcome.of(PolicyStatusCalculatorTest.eval("a", RuleId.PROBE_TIMEOUT),
                new StringPool(10)));
        metrics.score("gone", 0);
        metrics.forget("gone");
        assertThat(registry.scrape()).doesNotContain("policy=\"gone\"").doesNotContain("ballast_remediations_total{policy=\"gone\"");
    }

    @Test
    void violationGaugesFollowOutcomesByDifferenceAndGoAtZero() {
        WorkloadOutcome a = WorkloadOutcome.of(PolicyStatusCalculatorTest.eval("a", RuleId.PROBE_TIMEOUT), new StringPool(10));
        WorkloadOutcome b = WorkloadOutcome.of(PolicyStatusCalculatorTest.eval("b", RuleId.PROBE_TIMEOUT), new StringPool(10));
        WorkloadOutcome aFixed = WorkloadOutcome.of(PolicyStatusCalculatorTest.eval("a"), new StringPool(10));
        metrics.outcomeChanged("p", null, a);
        metrics.outcomeChanged("p", null, b);
        assertThat(registry.scrape()).contains("ballast_violations{namespace=\"ns\",policy=\"p\",rule=\"probe-timeout\",severity=\"medium\",} 2.0");
        metrics.outcomeChanged("p", a, aFixed);
        assertThat(registry.scrape()).contains("rule=\"probe-timeout\",severity=\"medium\",} 1.0");
        metrics.outcomeChanged("p", b, null);
        assertThat(registry.scrape()).doesNotContain("ballast_violations{");
    }

    /** Workloads failing a Pod-status rule, per rule; static rules (termination-message-policy included) are not counted. */
    @Test
    void runtimeFailuresCountFailingWorkloadsPerPodStatusRuleByDifference() {
        WorkloadOutcome oom = outcome("a", RuleId.OOM_KILLED, RuleId.GO_RUNTIME_FATAL, RuleId.TERMINATION_MESSAGE_POLICY);
        WorkloadOutcome oomToo = outcome("b", RuleId.OOM_KILLED, RuleId.PROBE_TIMEOUT);
        WorkloadOutcome recovered = outcome("a", RuleId.TERMINATION_MESSAGE_POLICY);
        metrics.outcomeChanged("p", null, oom);
        metrics.outcomeChanged("p", null, oomToo);
        String scrape = registry.scrape();
        assertThat(scrape).contains("ballast_runtime_failures{namespace=\"ns\",policy=\"p\",rule=\"oom-killed\",} 2.0")
                .contains("ballast_runtime_failures{namespace=\"ns\",policy=\"p\",rule=\"go-runtime-fatal\",} 1.0")
                .doesNotContain("ballast_runtime_failures{namespace=\"ns\",policy=\"p\",rule=\"termination-message-policy\"")
                .doesNotContain("ballast_runtime_failures{namespace=\"ns\",policy=\"p\",rule=\"probe-timeout\"")
                .contains("# HELP ballast_runtime_failures Workloads failing a Pod-status rule");

        metrics.outcomeChanged("p", oom, recovered);
        scrape = registry.scrape();
        assertThat(scrape).contains("rule=\"oom-killed\",} 1.0").doesNotContain("rule=\"go-runtime-fatal\"");
        assertThat(scrape).as("static rules still count as violations")
                .contains("ballast_violations{namespace=\"ns\",policy=\"p\",rule=\"termination-message-policy\",severity=\"low\",} 1.0");

        metrics.outcomeChanged("q", null, oomToo);
        metrics.forget("p");
        assertThat(registry.scrape()).doesNotContain("policy=\"p\"")
                .contains("ballast_runtime_failures{namespace=\"ns\",policy=\"q\",rule=\"oom-killed\",} 1.0");
        metrics.outcomeChanged("q", oomToo, null);
        assertThat(registry.scrape()).doesNotContain("ballast_runtime_failures{");
    }

    static WorkloadOutcome outcome(String workload, RuleId... failing) {
        return WorkloadOutcome.of(PolicyStatusCalculatorTest.eval(workload, failing), new StringPool(10));
    }

    /** A counter present at 0 from the first evaluation: rate() and increase() then count the first remediation too. */
    @Test
    void remediationsStartAtZeroAndCount() {
        metrics.reconciled("hpa", Duration.ofMillis(1));
        assertThat(registry.scrape()).contains("ballast_remediations_total{policy=\"hpa\",} 0.0");
        metrics.remediated("hpa");
        metrics.remediated("hpa");
        assertThat(registry.scrape()).contains("ballast_remediations_total{policy=\"hpa\",} 2.0");
    }
}
