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
        assertThat(d.warnings()).containsExactly("a/probe-timeout: probe-timeout message", "a/seccomp-profile: seccomp-profile message");
    }

    @Test
    void enforceDeniesListingTheViolations() {
        var d = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT)), Map.of("a", Mode.Enforce), List.of());
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).isEqualTo("Ballast denied this change (1 violation):\na/probe-timeout: probe-timeout message");
    }

    @Test
    void onUpdateOldViolationsWarnAndOnlyNewOnesDeny() {
        var old = List.of(eval("a", RuleId.PROBE_TIMEOUT));
        var same = AdmissionDecider.decide(List.of(eval("a", RuleId.PROBE_TIMEOUT)), Map.of("a", Mode.Enforce), old);
        assertThat(same.allowed()).isTrue();
        assertThat(same.warnings()).containsExactly("existing a/probe-timeout: probe-timeout message");
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
        assertThat(d.message()).containsOnlyOnce("probe-timeout:").contains("enforce/probe-timeout");
    }

    @Test
    void elevenViolationsComeBackOneLinePerViolationNamingPolicyAndRule() {
        List<Evaluation> many = List.of(new Evaluation("baseline", WEB, java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> new RuleResult(RuleId.PROBE_TIMEOUT, Result.FAIL, List.of(new Finding("c" + i, "f",
                        "container \"c" + i + "\": readinessProbe.timeoutSeconds is 30, policy maximum is 10")))).toList()));
        var d = AdmissionDecider.decide(many, Map.of("baseline", Mode.Enforce), List.of());
        List<String> lines = d.message().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Ballast denied this change (11 violations):");
        assertThat(lines).hasSize(12);
        assertThat(lines.subList(1, 12)).allSatisfy(l -> assertThat(l).startsWith("baseline/probe-timeout: container \"c")
                .endsWith("policy maximum is 10"));
    }

    @Test
    void denialAndWarningsNameAtMostTheLimitThenSayHowManyMore() {
        List<Finding> findings = java.util.stream.IntStream.range(0, 56_000)
                .mapToObj(i -> new Finding("c" + i, "f", "container \"c" + i + "\" has no readinessProbe")).toList();
        var huge = List.of(new Evaluation("p", WEB, List.of(new RuleResult(RuleId.PROBE_READINESS_MISSING, Result.FAIL, findings))));
        var denied = AdmissionDecider.decide(huge, Map.of("p", Mode.Enforce), List.of(), 20);
        assertThat(denied.message().lines()).hasSize(22);
        assertThat(denied.message()).startsWith("Ballast denied this change (56000 violations):").endsWith("\nand 55980 more violations");
        assertThat(denied.message().length()).isLessThan(22 * AdmissionDecider.MAX_LINE);
        var warned = AdmissionDecider.decide(huge, Map.of("p", Mode.Warn), List.of(), 20);
        assertThat(warned.warnings()).hasSize(21).last().isEqualTo("and 55980 more warnings");
    }

    @Test
    void aLongMessageKeepsTheFixWhenBothFitAndIsCutAtAWordBoundary() {
        String message = "container \"app\": readinessProbe.timeoutSeconds is 30, policy maximum is 10 "
                + "(the probe waits thirty seconds before it fails, so a hung server stays in the Service)";
        var v = new AdmissionDecider.Violation("baseline", RuleId.PROBE_TIMEOUT, "app", message);
        String line = AdmissionDecider.line(v, "");
        assertThat(line).hasSizeLessThanOrEqualTo(AdmissionDecider.MAX_LINE)
                .startsWith("baseline/probe-timeout: container \"app\": readinessProbe.timeoutSeconds is 30, policy maximum is 10")
                .endsWith("… (fix: lower the probe's timeoutSeconds to the policy maximum or less)");
        var shortOne = new AdmissionDecider.Violation("baseline", RuleId.PROBE_TIMEOUT, "app", "short message");
        assertThat(AdmissionDecider.line(shortOne, "")).isEqualTo("baseline/probe-timeout: short message");
    }

    @Test
    void theMessageOutranksTheFixWhenBothDoNotFit() {
        String message = "namespace \"payments\" has no istio-injection=enabled, istio.io/rev or ambient label, and the pod "
                + "template no sidecar.istio.io/inject=true label";
        var v = new AdmissionDecider.Violation("baseline", RuleId.MTLS_SIDECAR_MISSING, null, message);
        String line = AdmissionDecider.line(v, "existing ");
        assertThat(line).hasSizeLessThanOrEqualTo(AdmissionDecider.MAX_LINE)
                .startsWith("existing baseline/mtls-sidecar-missing: namespace \"payments\" has no istio-injection=enabled, "
                        + "istio.io/rev or ambient label, and the pod template")
                .doesNotContain("(fix:").endsWith("…");
    }

    @Test
    void aLongPolicyNameStillGivesABoundedLine() {
        var v = new AdmissionDecider.Violation("p".repeat(200), RuleId.PROBE_TIMEOUT, "app", "a message of some words");
        assertThat(AdmissionDecider.line(v, "")).hasSize(AdmissionDecider.MAX_LINE).endsWith("…");
    }
}
