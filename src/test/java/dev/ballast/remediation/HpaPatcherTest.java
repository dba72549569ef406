package dev.ballast.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON patch the patcher sends: the author's first target is recorded once and never overwritten. */
class HpaPatcherTest {
    static final String FIELD = "spec.metrics[0].resource.target.averageUtilization";
    static final String PREVIOUS = "/metadata/annotations/ballast.dev~1previous-cpu-target";

    static List<String> ops(HpaChange change, Map<String, String> annotations, String resourceVersion) throws Exception {
        JsonNode patch = new ObjectMapper().readTree(HpaPatcher.operations(change, annotations, resourceVersion));
        List<String> ops = new ArrayList<>();
        patch.forEach(op -> ops.add(op.get("op").asText() + " " + op.get("path").asText() + " " + op.get("value")));
        return ops;
    }

    @Test
    void firstRemediationRecordsTheAuthorsTargetGuardedByTheCachedVersion() throws Exception {
        assertThat(ops(new HpaChange("shop", "web", FIELD, 80, 70, "first"), Map.of(), "41")).containsExactly(
                "test /metadata/resourceVersion \"41\"",
                "test /spec/metrics/0/resource/target/averageUtilization 80",
                "replace /spec/metrics/0/resource/target/averageUtilization 70",
                "add /metadata/annotations {\"ballast.dev/previous-cpu-target\":\"80\",\"ballast.dev/remediated-by\":\"first\"}");
        assertThat(ops(new HpaChange("shop", "web", FIELD, 80, 70, "first"), Map.of("team", "a"), "41")).containsExactly(
                "test /metadata/resourceVersion \"41\"",
                "test /spec/metrics/0/resource/target/averageUtilization 80",
                "replace /spec/metrics/0/resource/target/averageUtilization 70",
                "add " + PREVIOUS + " \"80\"",
                "add /metadata/annotations/ballast.dev~1remediated-by \"first\"");
    }

    @Test
    void aSecondOrTightenedRemediationKeepsTheFirstRecordedTarget() throws Exception {
        var remediated = Map.of(HpaPatcher.PREVIOUS_CPU_TARGET, "80", HpaPatcher.REMEDIATED_BY, "first");
        assertThat(ops(new HpaChange("shop", "web", FIELD, 70, 50, "second"), remediated, "42")).containsExactly(
                "test /spec/metrics/0/resource/target/averageUtilization 70",
                "replace /spec/metrics/0/resource/target/averageUtilization 50",
                "add /metadata/annotations/ballast.dev~1remediated-by \"second\"");
    }

    @Test
    void anHpaWithoutMetricsGetsACpuMetricAndItsDefaultRecorded() throws Exception {
        assertThat(ops(new HpaChange("shop", "web", "spec.metrics", 80, 60, "p"), null, "7")).containsExactly(
                "test /metadata/resourceVersion \"7\"",
                "add /spec/metrics [{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":60}}}]",
                "add /metadata/annotations {\"ballast.dev/previous-cpu-target\":\"80\",\"ballast.dev/remediated-by\":\"p\"}");
    }
}
