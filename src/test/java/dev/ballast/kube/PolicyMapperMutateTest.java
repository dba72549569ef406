package dev.ballast.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.StabilityPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** spec.mutate reaches the engine's Policy; omitted, it is off. */
class PolicyMapperMutateTest {
    static StabilityPolicy policy(String mutate) {
        return Serialization.unmarshal("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: p}
                spec:
                  %s
                  rules: {securityContext: {}}
                """.formatted(mutate), StabilityPolicy.class);
    }

    @Test
    void mutateIsMappedAndOffByDefault() {
        assertThat(PolicyMapper.map(policy("mutate: true"), Set.of()).mutate()).isTrue();
        assertThat(PolicyMapper.map(policy("mutate: false"), Set.of()).mutate()).isFalse();
        assertThat(PolicyMapper.map(policy(""), Set.of()).mutate()).isFalse();
    }
}
