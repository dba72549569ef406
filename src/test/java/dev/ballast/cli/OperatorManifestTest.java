package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Ballast's own Deployments (controller and webhook) must pass the baseline it ships; only the two documented mesh
 * exemptions are skipped.
 */
class OperatorManifestTest {
    @Test
    void controllerAndWebhookDeploymentsPassTheBaseline() throws Exception {
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-f", "manifests/", "--format", "json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("summary").get("workloads").asInt()).isEqualTo(2);
        assertThat(json.get("summary").get("failed").asInt()).isZero();
        assertThat(json.get("findings").findValuesAsText("rule"))
                .containsExactlyInAnyOrder("mtls-sidecar-missing", "mtls-not-strict", "mtls-sidecar-missing", "mtls-not-strict");
        assertThat(json.get("findings").findValuesAsText("name")).containsOnly("ballast-controller", "ballast-webhook");
        assertThat(json.get("findings").findValuesAsText("result")).containsOnly("skip");
    }
}
