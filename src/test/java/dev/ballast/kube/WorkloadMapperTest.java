package dev.ballast.kube;

import static dev.ballast.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodSecurity;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The workload mapper keeps what the manifest says (unset stays unset) and names the field it cannot read. */
class WorkloadMapperTest {
    static final SourceRef SOURCE = SourceRef.file("app.yaml", 3);

    @Test
    void mapsEveryFieldTheRulesReadAndKeepsUnsetAsUnset() {
        Workload w = WorkloadMapper.map(yaml("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, labels: {app: db}, annotations: {team: data}}
                spec:
                  template:
                    metadata: {labels: {app: db}, annotations: {sidecar.istio.io/inject: "true"}}
                    spec:
                      hostNetwork: true
                      securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
                      initContainers:
                      - {name: init, image: busybox}
                      containers:
                      - name: db
                        image: postgres
                        readinessProbe: {httpGet: {path: /ready, port: 5432}, timeoutSeconds: 2, failureThreshold: 4}
                        livenessProbe: {exec: {command: [true]}}
                        resources: {requests: {memory: 1Gi}, limits: {memory: 2Gi}}
                        securityContext: {privileged: false, capabilities: {add: [NET_ADMIN], drop: [ALL]}}
                      - {image: sidecar}
                      volumes:
                      - {name: data, persistentVolumeClaim: {claimName: db}}
                      - {name: scratch}
                """), SOURCE);

        assertThat(w.kind()).isEqualTo("StatefulSet");
        assertThat(w.namespace()).as("no namespace means default").isEqualTo("default");
        assertThat(w.labels()).containsEntry("app", "db");
        assertThat(w.annotations()).containsEntry("team", "data");
        assertThat(w.source()).isEqualTo(SOURCE);
        var pod = w.template();
        assertThat(pod.hostNetwork()).isTrue();
        assertThat(pod.hostPID()).isFalse();
        assertThat(pod.security()).isEqualTo(new PodSecurity(true, 1000L, "RuntimeDefault"));
        assertThat(pod.volumes()).extracting(v -> v.name() + ":" + v.type())
                .containsExactly("data:persistentVolumeClaim", "scratch:emptyDir");
        assertThat(pod.containers()).extracting(c -> c.name() + "/" + c.role())
                .containsExactly("db/MAIN", "#1/MAIN", "init/INIT");
        ContainerView db = pod.containers().get(0);
        assertThat(db.readiness().handler()).isEqualTo("httpGet");
        assertThat(db.readiness().httpPath()).isEqualTo("/ready");
        assertThat(db.readiness().timeoutSeconds()).isEqualTo(2);
        assertThat(db.readiness().failureThreshold()).isEqualTo(4);
        assertThat(db.liveness().handler()).isEqualTo("exec");
        assertThat(db.liveness().timeoutSeconds()).as("defaults are the rules' business").isNull();
        assertThat(db.startup()).isNull();
        assertThat(db.memoryRequest()).isEqualTo("1Gi");
        assertThat(db.memoryLimit()).isEqualTo("2Gi");
        assertThat(db.security().privileged()).isFalse();
        assertThat(db.security().allowPrivilegeEscalation()).isNull();
        assertThat(db.security().addedCapabilities()).containsExactly("NET_ADMIN");
        assertThat(db.security().droppedCapabilities()).containsExactly("ALL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "probe timeout as text | containers: [{name: a, readinessProbe: {timeoutSeconds: ten}}]"
                + " | spec.template.spec.containers[0].readinessProbe.timeoutSeconds must be an integer, got \"ten\"",
        "fractional threshold | containers: [{name: a, livenessProbe: {failureThreshold: 2.5}}]"
                + " | spec.template.spec.containers[0].livenessProbe.failureThreshold must be an integer, got 2.5",
        "containers not a list | containers: {name: a}"
                + " | spec.template.spec.containers must be a list",
        "privileged as text | 'containers: [{name: a, securityContext: {privileged: \"yes\"}}]'"
                + " | spec.template.spec.containers[0].securityContext.privileged must be true or false, got \"yes\"",
        "init container resources | 'initContainers: [{name: i}, {name: j, resources: [1]}]'"
                + " | spec.template.spec.initContainers[1].resources must be an object",
        "hostPID as text | 'hostPID: \"true\"' | spec.template.spec.hostPID must be true or false, got \"true\"",
        "pod runAsUser as text | 'securityContext: {runAsUser: root}'"
                + " | spec.template.spec.securityContext.runAsUser must be an integer, got \"root\"",
    })
    void aFieldOfTheWrongTypeIsNamedByItsPath(String what, String podSpec, String message) {
        var tree = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  template:
                    spec: {%s}
                """.formatted(podSpec));
        assertThatThrownBy(() -> WorkloadMapper.map(tree, SOURCE)).isInstanceOf(ManifestException.class).hasMessage(message);
    }

    @Test
    void aWorkloadWithoutANameOrWithMalformedMetadataIsRejected() {
        assertThatThrownBy(() -> WorkloadMapper.map(yaml("{kind: DaemonSet, metadata: {namespace: x}}"), SOURCE))
                .isInstanceOf(ManifestException.class).hasMessage("DaemonSet has no metadata.name");
        assertThatThrownBy(() -> WorkloadMapper.map(yaml("{kind: Deployment, metadata: {name: w, labels: [a]}}"), SOURCE))
                .isInstanceOf(ManifestException.class).hasMessage("metadata.labels must be a map of strings");
        assertThatThrownBy(() -> WorkloadMapper.map(yaml("{kind: Deployment, metadata: {name: w}, spec: {template: 3}}"), SOURCE))
                .isInstanceOf(ManifestException.class).hasMessage("spec.template must be an object");
    }

    @Test
    void aWorkloadWithNoPodTemplateHasNoContainers() {
        Workload w = WorkloadMapper.map(yaml("{kind: Deployment, metadata: {name: w, namespace: n}}"), SourceRef.NONE);
        assertThat(w.template().containers()).isEmpty();
        assertThat(w.template().security()).isEqualTo(PodSecurity.UNSET);
    }
}
