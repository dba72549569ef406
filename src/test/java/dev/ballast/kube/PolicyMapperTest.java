package dev.ballast.kube;

import static dev.ballast.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.rules.policy.LabelSelector;
import dev.ballast.rules.policy.Match;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.ProbeSettings;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A StabilityPolicy becomes the engine's Policy with the documented defaults; what cannot be mapped names its field. */
class PolicyMapperTest {
    static StabilityPolicy policy(String spec) {
        try {
            return new ObjectMapper().treeToValue(yaml("""
                    apiVersion: ballast.dev/v1alpha1
                    kind: StabilityPolicy
                    metadata: {name: prod}
                    %s
                    """.formatted(spec)), StabilityPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void omittedFieldsTakeTheDocumentedDefaultsAndBallastsNamespaceIsAlwaysExcluded() {
        Policy p = PolicyMapper.map(policy("spec: {rules: {probes: {}}}"), Set.of("ballast-system"));
        assertThat(p.name()).isEqualTo("prod");
        assertThat(p.mode()).isEqualTo(Mode.Audit);
        assertThat(p.probes()).isEqualTo(ProbeSettings.defaults());
        assertThat(p.resources()).as("a group left out is not checked").isNull();
        assertThat(p.match().kinds()).containsExactlyInAnyOrderElementsOf(Match.DEFAULT_KINDS);
        assertThat(p.match().excludeNamespaces()).containsAll(Match.DEFAULT_EXCLUDED_NAMESPACES).contains("ballast-system");
        assertThat(p.exemptions()).isEmpty();
        assertThat(p.allowExceptions()).isFalse();
    }

    @Test
    void explicitSettingsWinOverDefaults() {
        Policy p = PolicyMapper.map(policy("""
                spec:
                  mode: Enforce
                  match:
                    kinds: [StatefulSet]
                    excludeNamespaces: [legacy]
                    workloadSelector:
                      matchLabels: {tier: web}
                      matchExpressions: [{key: env, operator: In, values: [prod]}]
                  rules: {probes: {readiness: {maxTimeoutSeconds: 3}}}
                  exemptions: [{names: [batch]}]
                  allowExceptions: true
                """), Set.of());
        assertThat(p.mode()).isEqualTo(Mode.Enforce);
        assertThat(p.match().kinds()).containsExactly("StatefulSet");
        assertThat(p.match().excludeNamespaces()).containsExactly("legacy");
        assertThat(p.match().workloadSelector().matchExpressions()).containsExactly(
                new LabelSelector.Requirement("env", LabelSelector.Operator.In, java.util.List.of("prod")));
        assertThat(p.probes().readinessMaxTimeoutSeconds()).isEqualTo(3);
        assertThat(p.probes().minFailureThreshold()).isEqualTo(ProbeSettings.defaults().minFailureThreshold());
        assertThat(p.exemptions()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("no reason given"));
        assertThat(p.allowExceptions()).isTrue();
    }

    @Test
    void aPolicyWithoutRulesIsRejectedByName() {
        assertThatThrownBy(() -> PolicyMapper.map(policy("spec: {mode: Warn}"), Set.of()))
                .isInstanceOf(ManifestException.class).hasMessage("StabilityPolicy \"prod\": spec.rules is required");
        assertThatThrownBy(() -> PolicyMapper.map(policy(""), Set.of()))
                .isInstanceOf(ManifestException.class).hasMessage("StabilityPolicy \"prod\": spec.rules is required");
    }

    @Test
    void anUnknownSelectorOperatorNamesTheSelectorAndTheExpression() {
        assertThatThrownBy(() -> PolicyMapper.map(policy("""
                spec:
                  match:
                    namespaceSelector: {matchExpressions: [{key: a, operator: Exists}, {key: b, operator: Like}]}
                  rules: {probes: {}}
                """), Set.of()))
                .isInstanceOf(ManifestException.class)
                .hasMessage("spec.match.namespaceSelector.matchExpressions[1].operator \"Like\" is not one of In, NotIn,"
                        + " Exists, DoesNotExist");
        assertThatThrownBy(() -> PolicyMapper.map(policy("""
                spec:
                  match: {workloadSelector: {matchExpressions: [{key: a}]}}
                  rules: {probes: {}}
                """), Set.of()))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("spec.match.workloadSelector.matchExpressions[0].operator \"null\"");
    }
}
