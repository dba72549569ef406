package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AnnotationExemptions;
import dev.ballast.rules.policy.Exemption;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9.1: which exemptions a policy honours and where each skip came from. Time is injected through the context,
 * so expiry is tested at fixed instants.
 */
class ExemptionSourcesTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String SLOW = "spec.template.spec.containers[0].readinessProbe.timeoutSeconds";

    static Policy policy(Mode mode, AnnotationExemptions annotations, boolean allowExceptions, List<Exemption> exemptions) {
        return PolicyFixture.baseline().toBuilder().mode(mode).exemptions(exemptions).annotationExemptions(annotations)
                .allowExceptions(allowExceptions).build();
    }

    static Workload slow(String annotations) {
        var fixture = WorkloadFixture.compliant().set(SLOW, "60");
        return (annotations == null ? fixture : fixture.set("metadata.annotations", annotations)).workload();
    }

    static StabilityExceptionView exception(String namespace, Set<String> policies, Set<RuleId> rules, List<String> workloads,
                                            Instant expires) {
        return new StabilityExceptionView(namespace, "window", policies, rules, workloads, "migration week", expires);
    }

    static ClusterContext with(StabilityExceptionView... exceptions) {
        return WorkloadRulesTest.MESHED.withExceptions(List.of(exceptions), NOW);
    }

    static RuleResult result(Evaluation e, RuleId rule) {
        return e.results().stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }

    static RuleResult timeout(Policy policy, Workload workload, ClusterContext context) {
        return result(Rules.evaluator().evaluate(policy, workload, context).orElseThrow(), RuleId.PROBE_TIMEOUT);
    }

    @Test
    void annotationTrustDefaultsByModeAndDenyFailsSayingTheAnnotationIsNotHonoured() {
        assertThat(policy(Mode.Audit, null, false, List.of()).annotationExemptions()).isEqualTo(AnnotationExemptions.Allow);
        assertThat(policy(Mode.Warn, null, false, List.of()).annotationExemptions()).isEqualTo(AnnotationExemptions.Allow);
        assertThat(policy(Mode.Enforce, null, false, List.of()).annotationExemptions()).isEqualTo(AnnotationExemptions.Deny);
        Workload annotated = slow("{ballast.dev/exempt: 'true', ballast.dev/exempt-reason: legacy}");

        RuleResult allowed = timeout(policy(Mode.Enforce, AnnotationExemptions.Allow, false, List.of()), annotated, with());
        assertThat(allowed.result()).isEqualTo(Result.SKIP);
        assertThat(allowed.findings().get(0).message()).isEqualTo("exempted by annotation ballast.dev/exempt: legacy");

        RuleResult denied = timeout(policy(Mode.Enforce, null, false, List.of()), annotated, with());
        assertThat(denied.result()).isEqualTo(Result.FAIL);
        assertThat(denied.findings().get(0).message()).contains("readinessProbe.timeoutSeconds is 60")
                .contains("ballast.dev/exempt is not honoured: policy baseline sets annotationExemptions: Deny");
        // a failure the annotation does not ask about carries no note
        RuleResult plain = timeout(policy(Mode.Enforce, null, false, List.of()), slow("{ballast.dev/exempt: seccomp-profile}"), with());
        assertThat(plain.findings().get(0).message()).doesNotContain("not honoured");
    }

    @Test
    void eachSkipNamesItsSource() {
        var byPolicy = policy(Mode.Enforce, null, true, List.of(new Exemption(Set.of(), List.of("web"), Set.of(RuleId.PROBE_TIMEOUT), "slow start")));
        assertThat(timeout(byPolicy, slow(null), with()).findings().get(0).message()).isEqualTo("exempted by policy baseline: slow start");

        var allowing = policy(Mode.Enforce, null, true, List.of());
        var ex = exception("shop", Set.of(), Set.of(RuleId.PROBE_TIMEOUT), List.of("we*"), NOW.plusSeconds(60));
        RuleResult skipped = timeout(allowing, slow(null), with(ex));
        assertThat(skipped.result()).isEqualTo(Result.SKIP);
        assertThat(skipped.findings().get(0).message())
                .isEqualTo("exempted by StabilityException shop/window (until 2026-06-01T12:01:00Z): migration week");
    }

    @Test
    void stabilityExceptionsApplyOnlyWhereAllowedNamedInTheirNamespaceAndBeforeExpiry() {
        var allowing = policy(Mode.Enforce, null, true, List.of());
        Instant later = NOW.plus(Duration.ofDays(1));
        assertThat(timeout(policy(Mode.Enforce, null, false, List.of()), slow(null),
                with(exception("shop", Set.of(), Set.of(), List.of(), later))).result()).as("allowExceptions false").isEqualTo(Result.FAIL);
        assertThat(timeout(allowing, slow(null), with(exception("other", Set.of(), Set.of(), List.of(), later))).result())
                .as("another namespace").isEqualTo(Result.FAIL);
        assertThat(timeout(allowing, slow(null), with(exception("shop", Set.of("strict"), Set.of(), List.of(), later))).result())
                .as("another policy").isEqualTo(Result.FAIL);
        assertThat(timeout(allowing, slow(null), with(exception("shop", Set.of(), Set.of(RuleId.SECCOMP_PROFILE), List.of(), later)))
                .result()).as("another rule").isEqualTo(Result.FAIL);
        assertThat(timeout(allowing, slow(null), with(exception("shop", Set.of(), Set.of(), List.of("api-*"), later))).result())
                .as("another workload").isEqualTo(Result.FAIL);
        assertThat(timeout(allowing, slow(null), with(exception("shop", Set.of("baseline"), Set.of(), List.of(), later))).result())
                .as("named policy, every rule and workload").isEqualTo(Result.SKIP);

        var expiring = exception("shop", Set.of(), Set.of(), List.of(), NOW.plusSeconds(30));
        ClusterContext context = with(expiring);
        assertThat(timeout(allowing, slow(null), context).result()).isEqualTo(Result.SKIP);
        assertThat(timeout(allowing, slow(null), context.at(NOW.plusSeconds(30))).result()).as("at expiry").isEqualTo(Result.FAIL);
        assertThat(context.nextExpiry(allowing)).contains(NOW.plusSeconds(30));
        assertThat(context.at(NOW.plusSeconds(30)).nextExpiry(allowing)).isEmpty();
        assertThat(context.nextExpiry(policy(Mode.Enforce, null, false, List.of()))).isEmpty();
    }

    @Test
    void addingOrWideningTheAnnotationViolatesExemptionNotAllowedWhereItIsNotHonoured() {
        var enforce = policy(Mode.Enforce, null, false, List.of());
        Map<String, String> none = Map.of();
        RuleResult added = admission(enforce, slow("{ballast.dev/exempt: 'true'}"), none, with());
        assertThat(added.result()).isEqualTo(Result.FAIL);
        assertThat(added.findings().get(0).field()).isEqualTo("metadata.annotations[ballast.dev/exempt]");
        assertThat(added.findings().get(0).message()).contains("exempts every rule").contains("policy baseline does not honour it");
        assertThat(RuleId.EXEMPTION_NOT_ALLOWED.group()).isNull();
        assertThat(RuleId.EXEMPTION_NOT_ALLOWED.groupId()).isEqualTo("none");
        assertThat(RuleId.EXEMPTION_NOT_ALLOWED.remedy()).contains("StabilityException");

        Map<String, String> narrow = Map.of("ballast.dev/exempt", "probe-timeout");
        RuleResult widened = admission(enforce, slow("{ballast.dev/exempt: 'probe-timeout,seccomp-profile'}"), narrow, with());
        assertThat(widened.result()).isEqualTo(Result.FAIL);
        assertThat(widened.findings().get(0).message()).contains("exempts seccomp-profile,");
        assertThat(admission(enforce, slow("{ballast.dev/exempt: 'probe-timeout'}"), narrow, with()).result())
                .as("unchanged").isEqualTo(Result.PASS);
        assertThat(admission(enforce, slow(null), narrow, with()).result()).as("removed").isEqualTo(Result.PASS);
        assertThat(admission(policy(Mode.Enforce, AnnotationExemptions.Allow, false, List.of()), slow("{ballast.dev/exempt: 'true'}"),
                none, with()).result()).as("honoured").isEqualTo(Result.PASS);

        var allowing = policy(Mode.Enforce, null, true, List.of());
        RuleResult excepted = admission(allowing, slow("{ballast.dev/exempt: 'true'}"), none,
                with(exception("shop", Set.of(), Set.of(), List.of("web"), NOW.plusSeconds(60))));
        assertThat(excepted.result()).isEqualTo(Result.SKIP);
        assertThat(excepted.findings().get(0).message()).startsWith("exempted by StabilityException shop/window");
        assertThat(admission(allowing, slow("{ballast.dev/exempt: 'true'}"), none,
                with(exception("shop", Set.of(), Set.of(), List.of("web"), NOW.minusSeconds(1)))).result())
                .as("expired").isEqualTo(Result.FAIL);
        // the operator's evaluation never carries the admission-only rule
        assertThat(Rules.evaluator().evaluate(enforce, slow("{ballast.dev/exempt: 'true'}"), with()).orElseThrow().results())
                .noneMatch(r -> r.rule() == RuleId.EXEMPTION_NOT_ALLOWED);
    }

    static RuleResult admission(Policy policy, Workload workload, Map<String, String> before, ClusterContext context) {
        return result(Rules.evaluator().evaluateAdmission(policy, workload, before, context).orElseThrow(),
                RuleId.EXEMPTION_NOT_ALLOWED);
    }

    @Test
    void anHpaAtAdmissionGetsItsTargetWorkloadsExemptions() {
        var hpa = new HpaView("autoscaling/v2", "shop", "web-hpa", "Deployment", "web", Map.of(), true,
                List.of(new HpaView.CpuTarget(90, "spec.metrics[0].resource.target.averageUtilization")), SourceRef.NONE);
        var exempted = policy(Mode.Enforce, null, true, List.of(new Exemption(Set.of("shop"), List.of("web"),
                Set.of(RuleId.HPA_CPU_TARGET), "bursty")));
        RuleResult byPolicy = Rules.evaluator().evaluate(exempted, hpa, with()).orElseThrow().results().get(0);
        assertThat(byPolicy.result()).isEqualTo(Result.SKIP);
        assertThat(byPolicy.findings().get(0).message()).isEqualTo("exempted by policy baseline: bursty");

        var allowing = policy(Mode.Enforce, null, true, List.of());
        var ex = exception("shop", Set.of(), Set.of(RuleId.HPA_CPU_TARGET), List.of("web"), NOW.plusSeconds(60));
        assertThat(Rules.evaluator().evaluate(allowing, hpa, with(ex)).orElseThrow().results().get(0).result()).isEqualTo(Result.SKIP);
        assertThat(Rules.evaluator().evaluate(allowing, hpa, with()).orElseThrow().results().get(0).result()).isEqualTo(Result.FAIL);
    }
}
