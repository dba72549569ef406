package dev.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.kube.PolicyValidator;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.RuntimeSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** rules.runtime from a StabilityPolicy: defaults, the window's syntax, and the schema constraints checked offline. */
class RuntimeSpecTest {

    @Test
    void anEmptyGroupTakesTheDefaultsAndAnAbsentOneIsOff() {
        assertThat(policy("runtime: {}").runtime()).isEqualTo(RuntimeSettings.defaults());
        assertThat(policy("probes: {}").runtime()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1h, PT1H", "30m, PT30M", "1h30m, PT1H30M", "90s, PT1M30S", "2h0m5s, PT2H5S"})
    void windows(String text, Duration expected) {
        Policy p = policy("runtime: {window: " + text + ", maxRestarts: 5, requireCrashMessages: false}");

        assertThat(p.runtime()).isEqualTo(new RuntimeSettings(false, 5, expected));
        assertThat(PolicyValidator.validate(spec("runtime: {window: " + text + "}").getSpec(), "spec")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", "60", "1H", "-1h", "1h 30m", "0s", "0h"})
    void badWindowsNameTheField(String text) {
        StabilityPolicy bad = spec("runtime: {window: \"" + text + "\"}");

        assertThat(PolicyValidator.validate(bad.getSpec(), "spec"))
                .anySatisfy(e -> assertThat(e).contains("spec.rules.runtime.window"));
        assertThatThrownBy(() -> PolicyMapper.map(bad, Set.of())).isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.rules.runtime.window");
    }

    @Test
    void maxRestartsRange() {
        assertThat(PolicyValidator.validate(spec("runtime: {maxRestarts: -1}").getSpec(), "spec"))
                .anySatisfy(e -> assertThat(e).contains("spec.rules.runtime.maxRestarts"));
        assertThat(PolicyValidator.validate(spec("runtime: {maxRestarts: 0}").getSpec(), "spec")).isEmpty();
    }

    @Test
    void aWorkloadSelectorWithAnUnknownOperatorNamesTheField() {
        assertThatThrownBy(() -> dev.ballast.rules.WorkloadFixture.compliant()
                .set("spec.selector", "{matchExpressions: [{key: app, operator: Equals, values: [web]}]}").workload())
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.selector.matchExpressions[0].operator \"Equals\"");
    }

    private static Policy policy(String rules) {
        return PolicyMapper.map(spec(rules), Set.of());
    }

    private static StabilityPolicy spec(String rules) {
        return Serialization.unmarshal("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: p}
                spec:
                  rules:
                    %s
                """.formatted(rules), StabilityPolicy.class);
    }
}
