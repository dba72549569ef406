package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParallelEvaluationTest {
    @Test
    void aLargeSetSplitOverThreadsGivesWhatOneByOneGivesInTheSameOrder() {
        Evaluator evaluator = Rules.evaluator();
        Policy policy = PolicyFixture.baseline();
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) { // over the parallel threshold; every third fails differently
            WorkloadFixture w = WorkloadFixture.compliant().set("metadata.name", "web-" + i);
            if (i % 3 == 1) {
                w.remove("spec.template.spec.containers[0].readinessProbe");
            } else if (i % 3 == 2) {
                w.set("spec.template.spec.containers[0].resources.limits.memory", "1Gi");
            }
            workloads.add(w.workload());
        }

        List<Evaluation> together = evaluator.evaluateAll(policy, workloads, ClusterContext.EMPTY);

        List<Evaluation> oneByOne = workloads.stream()
                .map(w -> evaluator.evaluate(policy, w, ClusterContext.EMPTY)).flatMap(Optional::stream).toList();
        assertThat(together).hasSize(2_000).isEqualTo(oneByOne);
        assertThat(together).extracting(e -> e.subject().name()).containsExactlyElementsOf(
                workloads.stream().map(Workload::name).toList());
        assertThat(together.stream().filter(e -> failed(e, RuleId.PROBE_READINESS_MISSING))).hasSize(667);
        assertThat(together.stream().filter(e -> failed(e, RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST))).hasSize(666);
    }

    private static boolean failed(Evaluation e, RuleId rule) {
        return e.resultsOf(Result.FAIL).stream().anyMatch(r -> r.rule() == rule);
    }
}
