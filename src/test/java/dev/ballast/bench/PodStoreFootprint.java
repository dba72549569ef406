package dev.ballast.bench;

import dev.ballast.operator.PodStatusStore;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap retained by {@link PodStatusStore} for N Pods (default 100,000) of 3 containers each, every tenth Pod
 * crash-looping with a Go fatal error in its termination message; compared with keeping the Pods themselves.
 * Each Pod goes through JSON as an informer's would, so strings are not shared between Pods; classes and
 * serializer caches are loaded before the baseline.
 * Run: {@code java -Xmx2g -cp CP dev.ballast.bench.PodStoreFootprint [N]}.
 */
public final class PodStoreFootprint {
    private static final String MESSAGE = "fatal error: concurrent map writes\n\ngoroutine 7 [running]:\n"
            + "internal/runtime/maps.fatal({0x4a4440?, 0x0?})\n\t/usr/local/go/src/runtime/panic.go:1181 +0x18\n"
            + "main.(*Cache).Put(...)\n\t/app/cache.go:31 +0x5b\ncreated by main.main in goroutine 1\n"
            + "\t/app/main.go:20 +0x2b\n" + "x".repeat(2_000);

    private PodStoreFootprint() {
    }

    public static void main(String[] args) {
        BenchMain.run(args, a -> {
            int n = a.length > 0 ? Integer.parseInt(a[0]) : 100_000;
            PodStatusStore warmUp = new PodStatusStore((ns, rs) -> null);
            for (int i = 0; i < 2_000; i++) {
                Pod pod = Serialization.unmarshal(Serialization.asJson(pod(n + i)), Pod.class);
                warmUp.put(warmUp.getKey(pod), pod);
            }
            long base = used();
            PodStatusStore store = new PodStatusStore((ns, rs) -> null);
            for (int i = 0; i < n; i++) {
                Pod pod = Serialization.unmarshal(Serialization.asJson(pod(i)), Pod.class);
                store.put(store.getKey(pod), pod);
            }
            long withStore = used();
            System.out.printf("PodStatusStore: %d Pods, %.1f MiB retained, %d bytes per Pod%n", n,
                    (withStore - base) / 1048576.0, (withStore - base) / n);
            int sample = Math.min(n, 10_000);
            List<Pod> pods = new ArrayList<>(sample);
            long before = used();
            for (int i = 0; i < sample; i++) {
                pods.add(Serialization.unmarshal(Serialization.asJson(pod(i)), Pod.class));
            }
            long whole = used() - before;
            System.out.printf("whole Pods (sample of %d): %d bytes per Pod, %.1f MiB at %d%n", sample,
                    whole / sample, whole / (double) sample * n / 1048576.0, n);
            if (store.size() != n || pods.size() != sample) {
                throw new IllegalStateException("lost Pods");
            }
        });
    }

    private static Pod pod(int i) {
        String deployment = "svc-" + (i / 3);
        String rs = deployment + "-5d9c7f" + (i / 3 % 10);
        List<ContainerStatus> statuses = new ArrayList<>();
        for (String c : List.of("app", "istio-proxy", "log-shipper")) {
            ContainerStatusBuilder s = new ContainerStatusBuilder().withName(c).withReady(true)
                    .withImage("registry.local/" + c + ":1.2.3").withImageID("registry.local/" + c + "@sha256:" + "0".repeat(64))
                    .withContainerID("containerd://" + "ab".repeat(32)).withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt("2026-11-29T20:00:00Z").endRunning().endState();
            if (i % 10 == 0 && c.equals("app")) {
                s.withRestartCount(6).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 5m0s restarting failed container").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withReason("Error").withExitCode(2)
                        .withStartedAt("2026-11-29T20:55:00Z").withFinishedAt("2026-11-29T20:56:00Z")
                        .withMessage(MESSAGE).endTerminated().endLastState();
            }
            statuses.add(s.build());
        }
        return new PodBuilder().withNewMetadata().withName(rs + "-" + Integer.toString(i, 36)).withNamespace("team-" + (i % 50))
                .withUid(java.util.UUID.nameUUIDFromBytes(("p" + i).getBytes()).toString()).withResourceVersion("" + (1000 + i))
                .withLabels(Map.of("app", deployment, "pod-template-hash", "5d9c7f" + (i / 3 % 10), "team", "t" + (i % 50)))
                .withAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-11-29T19:00:00Z"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs)
                .withUid(java.util.UUID.nameUUIDFromBytes(rs.getBytes()).toString()).withController(true)
                .withBlockOwnerDeletion(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.local/app:1.2.3")
                .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi")).endResources()
                .endContainer().addNewContainer().withName("istio-proxy").withImage("registry.local/proxy:1").endContainer()
                .addNewContainer().withName("log-shipper").withImage("registry.local/ship:1").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0.1").withHostIP("192.168.0.1")
                .withStartTime("2026-11-29T20:00:00Z").withContainerStatuses(statuses).endStatus().build();
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
