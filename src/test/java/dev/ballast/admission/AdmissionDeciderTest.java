package dev.ballast.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.policy.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionDeciderTest {
    static final ResourceRef WEB = new ResourceRef("Deployment", "shop", "web", SourceRef.NONE);

    static Evaluation eval(String policy, RuleId... failing) {
        return new Evaluation(policy, WEB, java.util.Arrays.stream(failing)
                .map(r -> new RuleResult(r, Result.FAIL, List.of(new Finding("app", "f", r.id() + " message")))).toList());
    }

    @Test
    void auditSaysNothing() {
        var d = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT)), Map.of("a", Mode.Audit), List.of());
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void warnWarnsOncePerViolation() {
        var d = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT, RuleId.SECCOMP_PROFILE)),
                Map.of("a", Mode.Warn), List.of());
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).containsExactly("probe-timeout: probe-timeout message", "seccomp-profile: seccomp-profile message");
    }

    @Test
    void enforceDeniesListingTheViolations() {
        var d = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT)), Map.of("a", Mode.Enforce), List.of());
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).isEqualTo("Ballast denied this change (1 violation): probe-timeout: probe-timeout message");
    }

    @Test
    void onUpdateOldViolationsWarnAndOnlyNewOnesDeny() {
        var old = List.of(eval("a", RuleId.PROBE_TIMEOUT));
        var same = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT)), Map.of("a", Mode.Enforce), old);
        assertThat(same.allowed()).isTrue();
        assertThat(same.warnings()).containsExactly("existing probe-timeout: probe-timeout message");
        var worse = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT, RuleId.HOST_NAMESPACES)),
                Map.of("a", Mode.Enforce), old);
        assertThat(worse.allowed()).isFalse();
        assertThat(worse.message()).contains("host-namespaces").doesNotContain("probe-timeout");
    }

    @Test
    void theStrictestMatchingPolicyDecides() {
        var d = AdmissionDecider.decide(List.of(eval("audit", RuleId.PROBE_TIMEOUT), eval("enforce", RuleId.PROBE_TIMEOUT)),
                Map.of("audit", Mode.Audit, "enforce", Mode.Enforce), List.of());
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).containsOnlyOnce("probe-timeout:");
    }

    @Test
    void warningsStayUnder120Characters() {
        var v = new AdmissionDecider.Violation("probe-timeout", "app", "x".repeat(300));
        assertThat(AdmissionDecider.warning(v, true)).hasSizeLessThan(120).endsWith("…");
    }
}
