package dev.ballast.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A result judged more severe than its rule's default (api-deprecated on a removed version: high, default medium)
 * keeps that severity in every audit format, and an HPA judged on its own is counted in the pairs but is no workload.
 */
class ResultSeverityTest {
    private static final ResourceRef WEB = new ResourceRef("Deployment", "shop", "web", SourceRef.file("web.yaml", 1));
    private static final ResourceRef HPA = new ResourceRef("HorizontalPodAutoscaler", "shop", "web", SourceRef.file("web.yaml", 30));
    private static final AuditResult RESULT = AuditResult.of(List.of(
            new Evaluation("baseline", WEB, List.of(new RuleResult(RuleId.API_DEPRECATED, Result.FAIL,
                    List.of(new Finding(null, "apiVersion", "apps/v1beta1 Deployment was removed in Kubernetes 1.16")),
                    Severity.HIGH))),
            new Evaluation("baseline", HPA, List.of(new RuleResult(RuleId.API_DEPRECATED, Result.PASS, List.of())))));

    @Test
    void everyFormatShowsTheResultsSeverity() throws Exception {
        assertThat(RuleId.API_DEPRECATED.severity()).isEqualTo(Severity.MEDIUM);
        JsonNode json = new ObjectMapper().readTree(render(JsonAuditRenderer.json()));
        assertThat(json.at("/findings/0/severity").asText()).isEqualTo("high");
        JsonNode sarif = new ObjectMapper().readTree(render(new SarifAuditRenderer("test", Path.of("").toAbsolutePath())));
        assertThat(sarif.at("/runs/0/results/0/level").asText()).isEqualTo("error");
        assertThat(sarif.at("/runs/0/results/0/properties/severity").asText()).isEqualTo("high");
        assertThat(render(new JunitAuditRenderer())).contains("<failure type=\"high\"");
        assertThat(render(new MarkdownAuditRenderer())).contains("| fail | high | `api-deprecated` |");
        assertThat(render(new TableAuditRenderer(false))).containsPattern("fail +high +api-deprecated");
    }

    @Test
    void anObjectJudgedOnItsOwnCountsInThePairsButIsNoWorkload() {
        Score score = RESULT.score();
        assertThat(score.objects()).isEqualTo(1);
        assertThat(score.passed()).isEqualTo(1);
        assertThat(score.failed()).isEqualTo(1);
    }

    private static String render(AuditRenderer renderer) throws Exception {
        StringBuilder out = new StringBuilder();
        renderer.render(RESULT, out);
        return out.toString();
    }
}
