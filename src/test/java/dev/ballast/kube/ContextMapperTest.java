package dev.ballast.kube;

import static dev.ballast.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.SourceRef;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The context objects' mapping: every HPA version, PeerAuthentications, ConfigMap writers, Namespaces. */
class ContextMapperTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "autoscaling/v1 | spec: {scaleTargetRef: {kind: Deployment, name: web}, targetCPUUtilizationPercentage: 90}"
                + " | 90 | spec.targetCPUUtilizationPercentage",
        "autoscaling/v2beta1 | 'spec: {scaleTargetRef: {kind: Deployment, name: web}, metrics: [{type: Resource, resource: {name: cpu, targetAverageUtilization: 85}}]}'"
                + " | 85 | spec.metrics[0].resource.targetAverageUtilization",
        "autoscaling/v2 | 'spec: {scaleTargetRef: {kind: Deployment, name: web}, metrics: [{type: Resource, resource: {name: memory, target: {averageUtilization: 50}}}, {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]}'"
                + " | 70 | spec.metrics[1].resource.target.averageUtilization",
    })
    void readsTheCpuTargetOfEveryHpaVersionWithItsField(String apiVersion, String spec, int target, String field) {
        HpaView hpa = ContextMapper.hpa(yaml("""
                apiVersion: %s
                kind: HorizontalPodAutoscaler
                metadata: {name: web, namespace: shop}
                %s
                """.formatted(apiVersion, spec)), SourceRef.NONE);
        assertThat(hpa.namespace()).isEqualTo("shop");
        assertThat(hpa.targetKind()).isEqualTo("Deployment");
        assertThat(hpa.targetName()).isEqualTo("web");
        assertThat(hpa.metricsSpecified()).isTrue();
        assertThat(hpa.cpuTargets()).containsExactly(new HpaView.CpuTarget(target, field));
    }

    @Test
    void anHpaWithoutMetricsSaysSoAndWrongTypesAreNamed() {
        HpaView bare = ContextMapper.hpa(yaml("{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: h},"
                + " spec: {scaleTargetRef: {kind: Deployment, name: web}}}"), SourceRef.NONE);
        assertThat(bare.metricsSpecified()).isFalse();
        assertThat(bare.cpuTargets()).isEmpty();
        assertThatThrownBy(() -> ContextMapper.hpa(yaml("{apiVersion: autoscaling/v1, kind: HorizontalPodAutoscaler,"
                + " metadata: {name: h}, spec: {targetCPUUtilizationPercentage: high}}"), SourceRef.NONE))
                .isInstanceOf(ManifestException.class)
                .hasMessage("spec.targetCPUUtilizationPercentage must be an integer, got \"high\"");
        assertThatThrownBy(() -> ContextMapper.hpa(yaml("{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler,"
                + " metadata: {name: h}, spec: {metrics: [{type: Resource, resource: {name: cpu, target: 7}}]}}"), SourceRef.NONE))
                .isInstanceOf(ManifestException.class).hasMessage("spec.metrics[0].resource.target must be an object");
        assertThatThrownBy(() -> ContextMapper.hpa(yaml("{kind: HorizontalPodAutoscaler, metadata: {namespace: n}}"), SourceRef.NONE))
                .isInstanceOf(ManifestException.class).hasMessage("HorizontalPodAutoscaler has no metadata.name");
    }

    @Test
    void mapsAPeerAuthenticationWithItsPortModes() {
        var pa = ContextMapper.peerAuthentication(yaml("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: web, namespace: shop, creationTimestamp: "2026-01-02T03:04:05Z"}
                spec:
                  selector: {matchLabels: {app: web}}
                  mtls: {mode: strict}
                  portLevelMtls: {"8080": {mode: PERMISSIVE}}
                """), SourceRef.uid("u1"));
        assertThat(pa.created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(pa.selector()).isEqualTo(Map.of("app", "web"));
        assertThat(pa.mode()).isEqualTo(MtlsMode.STRICT);
        assertThat(pa.portModes()).isEqualTo(Map.of(8080, MtlsMode.PERMISSIVE));
        assertThat(pa.source()).isEqualTo(SourceRef.uid("u1"));
    }

    @Test
    void aPeerAuthenticationsBadPortOrTimestampIsNamed() {
        assertThatThrownBy(() -> ContextMapper.peerAuthentication(yaml("{kind: PeerAuthentication, metadata: {name: p},"
                + " spec: {portLevelMtls: {http: {mode: STRICT}}}}"), SourceRef.NONE))
                .isInstanceOf(ManifestException.class).hasMessage("spec.portLevelMtls key \"http\" is not a port number");
        assertThatThrownBy(() -> ContextMapper.peerAuthentication(yaml("{kind: PeerAuthentication, metadata: {name: p,"
                + " creationTimestamp: yesterday}}"), SourceRef.NONE))
                .isInstanceOf(ManifestException.class)
                .hasMessage("metadata.creationTimestamp \"yesterday\" is not an RFC 3339 time");
    }

    @Test
    void aConfigMapsLastWriterIsTheNewestManagerThatDidNotWriteASubresource() {
        var config = ContextMapper.configObject(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  managedFields:
                  - {manager: argocd-controller, operation: Update, time: "2026-06-01T10:00:00Z"}
                  - {manager: kubectl-edit, operation: Update, time: "2026-06-01T11:00:00Z"}
                  - {manager: status-writer, operation: Update, subresource: status, time: "2026-06-01T12:00:00Z"}
                  - {manager: helm, operation: Update, time: "2026-06-01T09:00:00Z"}
                """), SourceRef.NONE);
        assertThat(config.kind()).isEqualTo("ConfigMap");
        assertThat(config.namespace()).isEqualTo("default");
        assertThat(config.lastManager()).isEqualTo("kubectl-edit");
        assertThat(ContextMapper.configObject(yaml("{kind: Secret, metadata: {name: s, namespace: n}}"), SourceRef.NONE)
                .lastManager()).as("a plain manifest has no writer").isNull();
    }

    @Test
    void aNamespaceFromJsonAndFromTheInformersTypeIsTheSameView() {
        var fromJson = ContextMapper.namespace(yaml("{kind: Namespace, metadata: {name: shop, labels: {team: a}}}"));
        var typed = ContextMapper.namespace(new NamespaceBuilder().withNewMetadata().withName("shop")
                .addToLabels("team", "a").endMetadata().build());
        assertThat(fromJson).isEqualTo(typed);
        assertThat(ContextMapper.namespace(new NamespaceBuilder().withNewMetadata().withName("bare").endMetadata().build())
                .labels()).isEmpty();
    }
}
