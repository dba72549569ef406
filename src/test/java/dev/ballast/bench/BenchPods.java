package dev.ballast.bench;

import dev.ballast.api.StabilityPolicy;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Pods of {@link OperatorBench} when {@code BENCH_PODS=N} (or {@code -Dballast.bench.pods=N}): N Pods per bench
 * Deployment, owned by a ReplicaSet the Deployment owns, their status written as a kubelet would (there is none on
 * the plane): running and ready, every tenth Pod with one OOM kill two hours ago, outside the runtime window, so it
 * is kept in the operator's Pod cache and judged, yet passes. Also times a Pod status change to policy status.
 */
final class BenchPods {
    static final int PER_DEPLOYMENT = Integer.getInteger("ballast.bench.pods",
            Integer.parseInt(System.getenv().getOrDefault("BENCH_PODS", "0")));
    static final String POLICY = "bench-all";
    private static final String HASH = "7d4b9";

    private BenchPods() {
    }

    /** The runtime rules for the policy judging Pods, when there are Pods. */
    static String rules() {
        return PER_DEPLOYMENT > 0 ? "\n    runtime: {}" : "";
    }

    /** Creates what is missing; the number of bench Pods on the plane. */
    static long seed(KubernetesClient client) throws Exception {
        long wanted = (long) OperatorBench.DEPLOYMENTS * PER_DEPLOYMENT;
        if (wanted == 0 || existing(client) >= wanted) {
            return existing(client);
        }
        Instant oomAt = Instant.now().minus(2, ChronoUnit.HOURS);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < OperatorBench.DEPLOYMENTS; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    seedDeployment(client, id, oomAt);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return existing(client);
    }

    private static void seedDeployment(KubernetesClient client, int id, Instant oomAt) {
        String ns = OperatorBench.ns(id % OperatorBench.NAMESPACES);
        String deployment = "app-" + id;
        String uid = client.apps().deployments().inNamespace(ns).withName(deployment).get().getMetadata().getUid();
        ReplicaSet rs = client.resource(Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %s-%s
                  namespace: %s
                  labels: {app: %s, pod-template-hash: %s}
                  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: %s, uid: %s, controller: true}]
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s, pod-template-hash: %s}}
                  template:
                    metadata: {labels: {app: %s, pod-template-hash: %s}}
                    spec: {containers: [{name: app, image: "example/app:%d"}]}
                """.formatted(deployment, HASH, ns, deployment, HASH, deployment, uid, PER_DEPLOYMENT, deployment, HASH,
                deployment, HASH, id), ReplicaSet.class)).createOr(r -> r.update());
        for (int p = 0; p < PER_DEPLOYMENT; p++) {
            String name = deployment + "-" + HASH + "-" + p;
            client.resource(Serialization.unmarshal("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: %s
                      namespace: %s
                      labels: {app: %s, pod-template-hash: %s, ballast-bench: "%s"}
                      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %s, uid: %s, controller: true}]
                    spec: {containers: [{name: app, image: "example/app:%d"}]}
                    """.formatted(name, ns, deployment, HASH, OperatorBench.SCALE.label(), rs.getMetadata().getName(),
                    rs.getMetadata().getUid(), id), Pod.class)).createOr(r -> r.update());
            boolean restarted = (id * PER_DEPLOYMENT + p) % 10 == 0;
            writeStatus(client, ns, name, restarted ? oom(oomAt) : healthy());
        }
    }

    static String healthy() {
        return "{\"restartCount\":0,\"ready\":true,\"state\":{\"running\":{\"startedAt\":\"2026-11-29T00:00:00Z\"}}}";
    }

    static String oom(Instant at) {
        return "{\"restartCount\":1,\"ready\":true,\"state\":{\"running\":{\"startedAt\":\"" + at.plusSeconds(5) + "\"}},"
                + "\"lastState\":{\"terminated\":{\"reason\":\"OOMKilled\",\"exitCode\":137,\"finishedAt\":\"" + at + "\"}}}";
    }

    static String crashLooping(Instant at) {
        return "{\"restartCount\":6,\"ready\":false,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},"
                + "\"lastState\":{\"terminated\":{\"reason\":\"Error\",\"exitCode\":2,\"finishedAt\":\"" + at + "\"}}}";
    }

    /** Replaces the Pod's status with one container {@code app} in this state (a JSON object of a containerStatus). */
    static void writeStatus(KubernetesClient client, String ns, String pod, String container) {
        String status = "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"image\":\"example/app\","
                + "\"imageID\":\"\"," + container.substring(1) + "]}}";
        client.pods().inNamespace(ns).withName(pod).subresource("status")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), status);
    }

    static long existing(KubernetesClient client) {
        long count = 0;
        String next = null;
        do {
            var page = client.pods().inAnyNamespace().withLabel("ballast-bench", OperatorBench.SCALE.label())
                    .list(new ListOptionsBuilder().withLimit(1000L).withContinue(next).build());
            count += page.getItems().size();
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return count;
    }

    /** Pod change -> status latencies and the evaluations they cost, as report lines; "" without Pods. */
    static String measure(KubernetesClient client, dev.ballast.e2e.OperatorProcess operator, long pods, int changes)
            throws Exception {
        if (PER_DEPLOYMENT == 0) {
            return "";
        }
        double before = OperatorBench.evaluations(operator);
        List<Long> latencies = changeLatencies(client, changes);
        Thread.sleep(5_000); // the last restore's evaluations
        double perChange = (OperatorBench.evaluations(operator) - before) / (2.0 * changes);
        java.util.Collections.sort(latencies);
        return """
                pods: %d (%d per Deployment, owned through ReplicaSets; every tenth with an OOM kill outside the window)
                Pod status change -> %s status updated: p50 %d ms, p99 %d ms, max %d ms (%d changes)
                workload evaluations per Pod change (every policy): %.2f
                """.formatted(pods, PER_DEPLOYMENT, POLICY, latencies.get(latencies.size() / 2),
                latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), latencies.get(latencies.size() - 1),
                latencies.size(), perChange);
    }

    /**
     * Puts one Pod of a different Deployment each time into CrashLoopBackOff and times until {@value #POLICY}'s
     * violation count moves, then restores it and waits for the count to move back; 60000 ms when it never moved.
     */
    static List<Long> changeLatencies(KubernetesClient client, int changes) throws Exception {
        List<Long> result = new ArrayList<>();
        for (int k = 0; k < changes; k++) {
            int id = (4 * k + 3) % OperatorBench.DEPLOYMENTS;
            String ns = OperatorBench.ns(id % OperatorBench.NAMESPACES);
            String pod = "app-" + id + "-" + HASH + "-0";
            int before = violations(client);
            long t0 = System.nanoTime();
            writeStatus(client, ns, pod, crashLooping(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            int broken = awaitChangeFrom(client, before);
            result.add((System.nanoTime() - t0) / 1_000_000);
            writeStatus(client, ns, pod, healthy());
            awaitChangeFrom(client, broken);
        }
        return result;
    }

    private static int awaitChangeFrom(KubernetesClient client, int value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int now;
        while ((now = violations(client)) == value) {
            if (System.nanoTime() > deadline) {
                return value;
            }
            Thread.sleep(5);
        }
        return now;
    }

    private static int violations(KubernetesClient client) {
        return client.resources(StabilityPolicy.class).withName(POLICY).get().getStatus().summary().violations();
    }
}
