package dev.ballast.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.GoFatalError;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodViewMapperTest {
    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-5d9c7-abcde
              namespace: shop
              uid: pod-uid
              labels: {app: web, pod-template-hash: 5d9c7}
              annotations: {note: dropped}
              ownerReferences:
              - {apiVersion: v1, kind: Node, name: not-a-controller, uid: n}
              - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9c7, uid: rs-uid, controller: true}
            spec:
              containers: [{name: app, image: web:1}, {name: sidecar, image: proxy:1}]
            status:
              phase: Running
              initContainerStatuses:
              - name: init
                restartCount: 0
                state: {terminated: {reason: Completed, exitCode: 0, finishedAt: "2026-11-29T20:00:00Z"}}
              containerStatuses:
              - name: app
                restartCount: 7
                state: {waiting: {reason: CrashLoopBackOff, message: "back-off 5m0s restarting failed container"}}
                lastState:
                  terminated:
                    reason: Error
                    exitCode: 2
                    startedAt: "2026-11-29T20:55:00Z"
                    finishedAt: "2026-11-29T20:56:00Z"
                    message: |
                      fatal error: concurrent map writes

                      goroutine 7 [running]:
                      internal/runtime/maps.fatal({0x4a4440?, 0x0?})
                      \t/usr/local/go/src/runtime/panic.go:1181 +0x18
                      main.(*Cache).Put(...)
                      \t/app/cache.go:31 +0x5b
              - name: sidecar
                restartCount: 0
                state: {running: {startedAt: "2026-11-29T20:00:00Z"}}
            """;

    @Test
    void keepsOwnersLabelsAndWhatTheRulesQuote() {
        Pod pod = Serialization.unmarshal(POD, Pod.class);

        PodView view = PodViewMapper.map(pod, rs -> rs.equals("web-5d9c7")
                ? new OwnerRef("Deployment", "web", "deploy-uid") : null);

        assertThat(view.namespace()).isEqualTo("shop");
        assertThat(view.name()).isEqualTo("web-5d9c7-abcde");
        assertThat(view.owners()).containsExactly(new OwnerRef("ReplicaSet", "web-5d9c7", "rs-uid"),
                new OwnerRef("Deployment", "web", "deploy-uid"));
        assertThat(view.labels()).containsEntry("app", "web");
        assertThat(view.containers()).extracting(ContainerStatusView::name).containsExactly("init", "app");
        ContainerStatusView app = view.containers().get(1);
        assertThat(app.restartCount()).isEqualTo(7);
        assertThat(app.crashLoopBackOff()).isTrue();
        assertThat(app.lastTerminated().exitCode()).isEqualTo(2);
        assertThat(app.lastTerminated().finishedAt()).isEqualTo(Instant.parse("2026-11-29T20:56:00Z"));
        assertThat(app.lastTerminated().goFatal().error()).isEqualTo(GoFatalError.CONCURRENT_MAP_WRITES);
        assertThat(app.lastTerminated().goFatal().frame())
                .isEqualTo("goroutine 7 [running]: main.(*Cache).Put(...) /app/cache.go:31");
    }

    @Test
    void podWithoutStatusOrControllerMapsToAnEmptyView() {
        Pod pod = Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: bare, namespace: shop}
                """, Pod.class);

        PodView view = PodViewMapper.map(pod, rs -> null);

        assertThat(view.owners()).isEmpty();
        assertThat(view.labels()).isEmpty();
        assertThat(view.containers()).isEmpty();
    }

    @Test
    void unreadableFinishedAtIsNull() {
        Pod pod = Serialization.unmarshal(POD.replace("\"2026-11-29T20:56:00Z\"", "yesterday"), Pod.class);

        assertThat(PodViewMapper.map(pod, rs -> null).containers().get(1).lastTerminated().finishedAt()).isNull();
    }
}
