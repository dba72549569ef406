package dev.ballast.kube;

import static dev.ballast.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.model.SourceRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objects sorted by kind into what is evaluated and what is context, and which objects each policy is run against. */
class ClusterObjectsTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static ClusterObjects.Builder builder(String... objects) {
        ClusterObjects.Builder builder = new ClusterObjects.Builder();
        for (String object : objects) {
            builder.add(yaml(object), SourceRef.NONE);
        }
        return builder;
    }

    @Test
    void sortsEachKindIntoWorkloadsConfigObjectsOrContext() {
        ClusterObjects objects = builder(
                "{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent, namespace: shop}}",
                "{apiVersion: v1, kind: Secret, metadata: {name: token, namespace: shop}}",
                "{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {team: a}}}",
                "{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: h, namespace: shop},"
                        + " spec: {scaleTargetRef: {kind: DaemonSet, name: agent}}}",
                "{apiVersion: security.istio.io/v1, kind: PeerAuthentication, metadata: {name: default, namespace: shop},"
                        + " spec: {mtls: {mode: STRICT}}}",
                "{apiVersion: ballast.dev/v1alpha1, kind: StabilityException, metadata: {name: e, namespace: shop},"
                        + " spec: {workloads: [agent], reason: why, expires: '2026-06-02T00:00:00Z'}}").build(NOW);
        assertThat(objects.workloads()).extracting(w -> w.kind() + "/" + w.name()).containsExactly("DaemonSet/agent");
        assertThat(objects.configObjects()).extracting(c -> c.kind() + "/" + c.name()).containsExactly("Secret/token");
        var context = objects.context();
        assertThat(context.namespaceLabels("shop")).containsEntry("team", "a");
        assertThat(context.hpasTargeting(objects.workloads().get(0))).singleElement()
                .satisfies(h -> assertThat(h.name()).isEqualTo("h"));
        assertThat(context.peerAuthentications("shop")).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("default"));
        assertThat(context.exceptions("shop")).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("e"));
        assertThat(context.now()).isEqualTo(NOW);
    }

    @Test
    void kindsBallastDoesNotReadAndLookalikesFromOtherGroupsAreLeftOut() {
        ClusterObjects.Builder builder = new ClusterObjects.Builder();
        assertThat(builder.add(yaml("{apiVersion: v1, kind: Service, metadata: {name: s}}"), SourceRef.NONE)).isFalse();
        assertThat(builder.add(yaml("{apiVersion: example.com/v1, kind: PeerAuthentication, metadata: {name: p}}"),
                SourceRef.NONE)).isFalse();
        assertThat(builder.add(yaml("{apiVersion: example.com/v1, kind: StabilityException, metadata: {name: e}}"),
                SourceRef.NONE)).isFalse();
        assertThat(builder.add(yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}"), SourceRef.NONE)).isTrue();
        ClusterObjects objects = builder.build(NOW);
        assertThat(objects.workloads()).hasSize(1);
        assertThat(objects.context().peerAuthentications("default")).isEmpty();
        assertThat(objects.context().exceptions("default")).isEmpty();
    }

    @Test
    void anObjectThatCannotBeReadIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> builder("{apiVersion: ballast.dev/v1alpha1, kind: StabilityException, metadata: {name: e},"
                + " spec: {reason: why, expires: soon}}"))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith("spec.expires \"soon\" is not an RFC 3339 time");
    }

    @Test
    void eachPolicyIsRunAgainstTheWorkloadsThenTheConfigObjectsPolicyByPolicy() {
        ClusterObjects objects = builder(
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: shop,"
                        + " managedFields: [{manager: kubectl-edit, operation: Update}]}}",
                "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: shop}}",
                "{apiVersion: apps/v1, kind: Deployment, metadata: {name: api, namespace: shop}}").build(NOW);
        var first = PolicyFixture.withoutMtls();
        var second = first.toBuilder().name("second").build();
        List<Evaluation> evaluations = objects.evaluate(Rules.evaluator(), List.of(first, second));
        assertThat(evaluations).extracting(e -> e.policy() + ":" + e.subject().kind() + "/" + e.subject().name())
                .containsExactly(first.name() + ":Deployment/web", first.name() + ":Deployment/api",
                        first.name() + ":ConfigMap/settings", "second:Deployment/web", "second:Deployment/api",
                        "second:ConfigMap/settings");
        assertThat(objects.evaluate(Rules.evaluator(), first)).isEqualTo(evaluations.subList(0, 3));
    }
}
