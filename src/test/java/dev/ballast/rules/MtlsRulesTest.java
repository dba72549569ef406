package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.mtls.EffectiveMtls;
import dev.ballast.rules.mtls.MtlsResolver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MtlsRulesTest {
    private static final Map<String, String> POD = Map.of("app", "web");

    private static PeerAuthenticationView pa(String ns, String name, int day, Map<String, String> selector, MtlsMode mode,
                                             Map<Integer, MtlsMode> ports) {
        return new PeerAuthenticationView(ns, name, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86400L * day),
                selector, mode, ports, SourceRef.NONE);
    }

    private static EffectiveMtls resolve(List<PeerAuthenticationView> ns, List<PeerAuthenticationView> root) {
        return MtlsResolver.resolve("shop", POD, "istio-system", ns, root);
    }

    @Test
    void noPolicyMeansPermissive() {
        assertThat(resolve(List.of(), List.of()).mode()).isEqualTo(MtlsMode.PERMISSIVE);
    }

    @Test
    void meshPolicyApplies() {
        var mesh = pa("istio-system", "default", 0, Map.of(), MtlsMode.STRICT, Map.of());
        assertThat(resolve(List.of(), List.of(mesh)).strictEverywhere()).isTrue();
    }

    @Test
    void narrowestScopeWins() {
        var mesh = pa("istio-system", "default", 0, Map.of(), MtlsMode.STRICT, Map.of());
        var ns = pa("shop", "ns", 0, Map.of(), MtlsMode.PERMISSIVE, Map.of());
        assertThat(resolve(List.of(ns), List.of(mesh)).mode()).isEqualTo(MtlsMode.PERMISSIVE);
        var wl = pa("shop", "wl", 0, POD, MtlsMode.STRICT, Map.of());
        EffectiveMtls e = resolve(List.of(ns, wl), List.of(mesh));
        assertThat(e.mode()).isEqualTo(MtlsMode.STRICT);
        assertThat(e.decidedBy()).contains("workload PeerAuthentication shop/wl");
    }

    @Test
    void oldestWinsWithinAScope() {
        var newer = pa("shop", "a-newer", 5, Map.of(), MtlsMode.STRICT, Map.of());
        var older = pa("shop", "z-older", 1, Map.of(), MtlsMode.DISABLE, Map.of());
        assertThat(resolve(List.of(newer, older), List.of()).mode()).isEqualTo(MtlsMode.DISABLE);
    }

    @Test
    void unsetInheritsFromTheNextWiderScope() {
        var mesh = pa("istio-system", "default", 0, Map.of(), MtlsMode.STRICT, Map.of());
        var ns = pa("shop", "ns", 0, Map.of(), MtlsMode.UNSET, Map.of());
        var wl = pa("shop", "wl", 0, POD, MtlsMode.UNSET, Map.of());
        assertThat(resolve(List.of(ns, wl), List.of(mesh)).mode()).isEqualTo(MtlsMode.STRICT);
    }

    @Test
    void portLevelModesComeFromTheWorkloadPolicyAndUnsetPortsInherit() {
        var ns = pa("shop", "ns", 0, Map.of(), MtlsMode.STRICT, Map.of());
        var wl = pa("shop", "wl", 0, POD, MtlsMode.UNSET, Map.of(8080, MtlsMode.UNSET, 9090, MtlsMode.PERMISSIVE));
        EffectiveMtls e = resolve(List.of(ns, wl), List.of());
        assertThat(e.mode()).isEqualTo(MtlsMode.STRICT);
        assertThat(e.ports()).containsEntry(8080, MtlsMode.STRICT).containsEntry(9090, MtlsMode.PERMISSIVE);
        assertThat(e.strictEverywhere()).isFalse();
        // Ports on a namespace-level policy are ignored, as Istio ignores them.
        var nsWithPorts = pa("shop", "ns", 0, Map.of(), MtlsMode.STRICT, Map.of(9090, MtlsMode.DISABLE));
        assertThat(resolve(List.of(nsWithPorts), List.of()).strictEverywhere()).isTrue();
    }

    @Test
    void selectorPoliciesInTheRootNamespaceAreIgnored() {
        var rootSelector = pa("istio-system", "root-wl", 0, POD, MtlsMode.STRICT, Map.of());
        assertThat(resolve(List.of(), List.of(rootSelector)).mode()).isEqualTo(MtlsMode.PERMISSIVE);
    }

    @Test
    void aSelectorThatDoesNotMatchThePodIsIgnored() {
        var other = pa("shop", "other", 0, Map.of("app", "db"), MtlsMode.STRICT, Map.of());
        assertThat(resolve(List.of(other), List.of()).mode()).isEqualTo(MtlsMode.PERMISSIVE);
    }

    @Test
    void permissivePolicyRuleFlagsModeAndPorts() {
        assertThat(permissive(pa("shop", "p", 0, Map.of(), MtlsMode.PERMISSIVE, Map.of(80, MtlsMode.DISABLE))).findings())
                .extracting(Finding::field).containsExactly("spec.mtls.mode", "spec.portLevelMtls[80].mode");
        assertThat(permissive(pa("shop", "s", 0, Map.of(), MtlsMode.STRICT, Map.of(80, MtlsMode.STRICT))).result())
                .isEqualTo(Result.PASS);
        assertThat(permissive(pa("shop", "u", 0, Map.of(), MtlsMode.UNSET, Map.of())).result()).isEqualTo(Result.PASS);
    }

    private static RuleResult permissive(PeerAuthenticationView pa) {
        Evaluation e = Rules.evaluator().evaluate(PolicyFixture.baseline(), pa, ClusterContext.EMPTY).orElseThrow();
        assertThat(e.results()).extracting(RuleResult::rule).containsExactly(RuleId.MTLS_PERMISSIVE_POLICY);
        return e.results().get(0);
    }
}
