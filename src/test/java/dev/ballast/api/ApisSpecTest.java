package dev.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.kube.PolicyValidator;
import dev.ballast.rules.apis.KubeVersion;
import dev.ballast.rules.policy.ApiSettings;
import dev.ballast.rules.policy.Policy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** rules.apis from a StabilityPolicy: the built-against default, targetVersion's syntax checked offline and by the mapper. */
class ApisSpecTest {

    @Test
    void anEmptyGroupTargetsTheBuiltAgainstVersionAndAnAbsentOneIsOff() {
        assertThat(policy("apis: {}").apis()).isEqualTo(ApiSettings.defaults());
        assertThat(policy("apis: {}").apis().targetVersion()).hasToString("1.34");
        assertThat(policy("probes: {}").apis()).isNull();
        assertThat(PolicyValidator.validate(spec("apis: {}").getSpec(), "spec")).isEmpty();
    }

    @Test
    void anExplicitTargetVersionWins() {
        assertThat(policy("apis: {targetVersion: \"1.25\"}").apis().targetVersion()).isEqualTo(new KubeVersion(1, 25));
        assertThat(PolicyValidator.validate(spec("apis: {targetVersion: \"1.25\"}").getSpec(), "spec")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.x", "v1.34", "1.34.1", "1", "latest", ""})
    void aMalformedTargetVersionNamesTheField(String text) {
        StabilityPolicy bad = spec("apis: {targetVersion: \"" + text + "\"}");
        assertThat(PolicyValidator.validate(bad.getSpec(), "spec"))
                .singleElement().asString().startsWith("spec.rules.apis.targetVersion: \"" + text + "\" does not match");
        assertThatThrownBy(() -> PolicyMapper.map(bad, Set.of())).isInstanceOf(ManifestException.class)
                .hasMessage("StabilityPolicy \"p\": spec.rules.apis.targetVersion \"" + text
                        + "\" is not a Kubernetes version such as 1.34");
    }

    private static Policy policy(String rules) {
        return PolicyMapper.map(spec(rules), Set.of());
    }

    private static StabilityPolicy spec(String rules) {
        return Serialization.unmarshal("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: p}
                spec: {rules: {%s}}
                """.formatted(rules), StabilityPolicy.class);
    }
}
