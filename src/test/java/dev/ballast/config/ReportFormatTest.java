package dev.ballast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportFormatTest {
    @Test
    void theThreeFormatsInAnyCase() {
        assertThat(ReportFormat.parse("wgpolicyk8s")).isEqualTo(ReportFormat.WGPOLICYK8S);
        assertThat(ReportFormat.parse(" OpenReports ")).isEqualTo(ReportFormat.OPENREPORTS);
        assertThat(ReportFormat.parse("both")).isEqualTo(ReportFormat.BOTH);
    }

    @Test
    void eachFormatWritesItsApis() {
        assertThat(ReportFormat.WGPOLICYK8S.writesWgPolicyK8s()).isTrue();
        assertThat(ReportFormat.WGPOLICYK8S.writesOpenReports()).isFalse();
        assertThat(ReportFormat.OPENREPORTS.writesWgPolicyK8s()).isFalse();
        assertThat(ReportFormat.OPENREPORTS.writesOpenReports()).isTrue();
        assertThat(ReportFormat.BOTH.writesWgPolicyK8s()).isTrue();
        assertThat(ReportFormat.BOTH.writesOpenReports()).isTrue();
    }

    @Test
    void anUnknownFormatIsOneLineNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> ReportFormat.parse("policyreport")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ballast.reports.format (BALLAST_REPORTS_FORMAT) is \"policyreport\"; use wgpolicyk8s, openreports or both");
        assertThatThrownBy(() -> ReportFormat.parse("")).hasMessageContaining("is \"\"");
    }
}
