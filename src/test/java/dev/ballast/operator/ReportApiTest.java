package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.config.ReportFormat;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportApiTest {
    @Test
    void eachFormatWritesItsApisInAFixedOrder() {
        assertThat(ReportApi.of(ReportFormat.WGPOLICYK8S)).containsExactly(ReportApi.WGPOLICYK8S);
        assertThat(ReportApi.of(ReportFormat.OPENREPORTS)).containsExactly(ReportApi.OPENREPORTS);
        assertThat(ReportApi.of(ReportFormat.BOTH)).containsExactly(ReportApi.WGPOLICYK8S, ReportApi.OPENREPORTS);
        assertThat(ReportApi.OPENREPORTS.apiVersion()).isEqualTo("openreports.io/v1alpha1");
        assertThat(ReportApi.OPENREPORTS.kind()).isEqualTo("Report");
        assertThat(ReportApi.OPENREPORTS.crd()).isEqualTo("reports.openreports.io");
    }

    /** A report that looks like Ballast 0.1's: adopted as a PolicyReport, never as a Report (0.1 wrote none). */
    @Test
    void onlyPolicyReportsCanBeAdoptedFromBallast01() {
        var unmarked = new GenericKubernetesResourceBuilder().withNewMetadata().withName("ballast-p").withNamespace("shop")
                .addToLabels("ballast.dev/policy", "p").endMetadata()
                .addToAdditionalProperties("results", List.of(Map.of("source", "ballast"))).build();
        assertThat(ReportApi.WGPOLICYK8S.replaceable(unmarked, "p")).isTrue();
        assertThat(ReportApi.OPENREPORTS.replaceable(unmarked, "p")).isFalse();
    }

    @Test
    void conflictsNameTheKindWhenItIsNotAPolicyReport() {
        assertThat(ReportApi.WGPOLICYK8S.describe("shop", "ballast-p")).isEqualTo("shop/ballast-p");
        assertThat(ReportApi.OPENREPORTS.describe("shop", "ballast-p")).isEqualTo("shop/ballast-p (Report openreports.io)");
    }
}
