package dev.ballast.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AutoscalingSettings;
import dev.ballast.rules.policy.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationPlannerTest {
    static final Workload WEB = WorkloadFixture.compliant().workload();

    static Policy remediating(boolean remediate) {
        return PolicyFixture.withoutMtls().toBuilder().autoscaling(new AutoscalingSettings(60, remediate)).build();
    }

    static HpaView hpa(String name, Map<String, String> annotations, Integer target) {
        return new HpaView("autoscaling/v2", "shop", name, "Deployment", "web", annotations, target != null,
                target == null ? List.of() : List.of(new HpaView.CpuTarget(target, "spec.metrics[0].resource.target.averageUtilization")),
                SourceRef.NONE);
    }

    static List<HpaChange> plan(Policy policy, HpaView... hpas) {
        ClusterContext ctx = ClusterContext.of(List.of(), List.of(), List.of(hpas));
        Evaluation e = Rules.evaluator().evaluate(policy, WEB, ctx).orElseThrow();
        return RemediationPlanner.plan(policy, List.of(WEB), List.of(e), ctx);
    }

    @Test
    void lowersTargetsAboveTheMaximumToIt() {
        assertThat(plan(remediating(true), hpa("web", Map.of(), 80)))
                .containsExactly(new HpaChange("shop", "web", "spec.metrics[0].resource.target.averageUtilization", 80, 60, "baseline"));
    }

    @Test
    void defaultTargetGetsAnExplicitMetric() {
        assertThat(plan(remediating(true), hpa("web", Map.of(), null))).singleElement()
                .satisfies(c -> assertThat(c.addsMetric()).isTrue());
    }

    @Test
    void neverRaisesLeavesOptOutsAloneAndNeedsTheSwitch() {
        assertThat(plan(remediating(true), hpa("web", Map.of(), 50))).isEmpty();
        assertThat(plan(remediating(true), hpa("web", Map.of("ballast.dev/remediate", "false"), 90))).isEmpty();
        assertThat(plan(remediating(false), hpa("web", Map.of(), 90))).isEmpty();
    }
}
