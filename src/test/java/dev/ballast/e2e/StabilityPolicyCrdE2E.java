package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.StabilityPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The StabilityPolicy CRD as users meet it: kubectl apply, get, explain, and the API server's validation. */
class StabilityPolicyCrdE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();

    @BeforeAll
    static void installCrd() {
        cluster.installCrds();
    }

    @Test
    void examplePoliciesApplyAndListWithPrinterColumns() {
        var apply = cluster.kubectl("apply", "-f", "examples/policies/");
        assertThat(apply.code()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("stabilitypolicy.ballast.dev/baseline", "stabilitypolicy.ballast.dev/production-enforce");
        var get = cluster.kubectl("get", "stabpol");
        assertThat(get.code()).as(get.all()).isZero();
        assertThat(get.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "READY", "MODE", "WORKLOADS", "VIOLATIONS", "SCORE", "AGE");
        assertThat(get.out()).containsPattern("baseline\\s+(\\S+\\s+)?Audit").containsPattern("production-enforce\\s+(\\S+\\s+)?Enforce");
        StabilityPolicy stored = cluster.client().resources(StabilityPolicy.class).withName("baseline").get();
        assertThat(stored.getSpec().rules().probes().readiness().maxTimeoutSeconds()).isEqualTo(10);
    }

    @Test
    void readyColumnShowsTheReadyCondition() {
        var apply = cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: ready-column}
                spec:
                  rules: {probes: {}}
                """, "apply", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isZero();
        var status = cluster.kubectl("patch", "stabpol", "ready-column", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"conditions\":[{\"type\":\"Evaluated\",\"status\":\"True\",\"reason\":\"Evaluated\","
                        + "\"message\":\"m\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"},{\"type\":\"Ready\","
                        + "\"status\":\"False\",\"reason\":\"InvalidPolicy\",\"message\":\"m\","
                        + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
        assertThat(status.code()).as(status.all()).isZero();
        var get = cluster.kubectl("get", "stabpol", "ready-column");
        assertThat(get.code()).as(get.all()).isZero();
        assertThat(get.out()).containsPattern("(?m)^ready-column\\s+False\\s+Audit\\s");
    }

    @Test
    void aPolicyWithoutSpecIsRejected() {
        var apply = cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: no-spec}
                """, "apply", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isNotZero();
        assertThat(apply.err()).contains("The StabilityPolicy \"no-spec\" is invalid", "spec: Required value");
        assertThat(cluster.kubectl("get", "stabpol", "no-spec").code()).isNotZero();
    }

    @Test
    void modeDefaultsToAuditServerSide() {
        var apply = cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: defaults}
                spec:
                  rules: {resources: {}}
                """, "apply", "--server-side", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isZero();
        assertThat(cluster.kubectl("get", "stabpol", "defaults", "-o", "jsonpath={.spec.mode}").out()).isEqualTo("Audit");
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                arguments("wrong enum", "mode: Enforcee\n  rules: {probes: {}}", "spec.mode: Unsupported value: \"Enforcee\""),
                arguments("timeout out of range", "rules: {probes: {readiness: {maxTimeoutSeconds: 601}}}", "spec.rules.probes.readiness.maxTimeoutSeconds"),
                arguments("threshold out of range", "rules: {probes: {readiness: {minFailureThreshold: 0}}}", "spec.rules.probes.readiness.minFailureThreshold"),
                arguments("cpu out of range", "rules: {autoscaling: {maxTargetCPUUtilization: 101}}", "spec.rules.autoscaling.maxTargetCPUUtilization"),
                arguments("unknown rule in exemption", "rules: {probes: {}}\n  exemptions: [{rules: [no-such-rule], reason: legacy}]", "spec.exemptions[0].rules[0]: Unsupported value: \"no-such-rule\""),
                arguments("empty exemption", "rules: {probes: {}}\n  exemptions: [{reason: legacy}]", "an exemption must name at least one of namespaces, names or rules"),
                arguments("exemption without reason", "rules: {probes: {}}\n  exemptions: [{names: [x]}]", "spec.exemptions[0].reason: Required value"),
                arguments("no rule group", "rules: {}", "set at least one rule group"),
                arguments("bad allowed path", "rules: {probes: {readiness: {allowedPaths: [healthz]}}}", "spec.rules.probes.readiness.allowedPaths: Invalid value"),
                arguments("unknown field", "rules: {probes: {readness: {}}}", "unknown field \"spec.rules.probes.readness\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void invalidPoliciesAreRejectedNamingTheField(String name, String spec, String expected) {
        String yaml = "apiVersion: ballast.dev/v1alpha1\nkind: StabilityPolicy\nmetadata: {name: invalid}\nspec:\n  "
                + spec + "\n";
        var apply = cluster.kubectlWithStdin(yaml, "apply", "--validate=strict", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isNotZero();
        assertThat(apply.err()).contains(expected);
    }

    @Test
    void explainDocumentsTheRules() {
        var explain = cluster.kubectl("explain", "stabilitypolicy.spec.rules.probes");
        assertThat(explain.code()).as(explain.all()).isZero();
        assertThat(explain.out()).contains("Readiness and liveness probes", "readiness", "liveness");
        var readiness = cluster.kubectl("explain", "stabilitypolicy.spec.rules.probes.readiness.maxTimeoutSeconds");
        assertThat(readiness.out()).contains("Range 1-600, default 10");
        var exemptions = cluster.kubectl("explain", "stabpol.spec.exemptions.rules");
        assertThat(exemptions.out()).contains("Rule IDs the exemption covers");
    }
}
