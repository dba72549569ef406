package dev.ballast.bench;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.e2e.ControlPlane;
import dev.ballast.e2e.OperatorProcess;
import dev.ballast.e2e.PrometheusText;
import dev.ballast.e2e.ShippedJvm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * `make bench` (operator part): 10,000 Deployments and 2,000 HPAs in 100 namespaces, three policies, on the local
 * control plane; with {@code -Dballast.bench.scale=50k} ({@code BENCH_SCALE=50k make bench}) 50,000 Deployments and
 * 10,000 HPAs in 500 namespaces of their own. Measures operator start to every status complete, workload change to
 * status (p50/p99), the evaluations one change cost, RSS and heap. Bounded: fixed object counts, timeouts on every
 * wait; the objects stay for re-runs and go with cluster-down.
 */
public final class OperatorBench {
    /**
     * One bench size: its objects live in namespaces of their own (prefix, label), so sizes never mix on a plane;
     * {@code memoryLimit} is the container limit the operator is given (null: the shipped one), as -XX:MaxRAM.
     */
    record Scale(String name, int namespaces, int deployments, int hpas, String prefix, String label, String memoryLimit,
                 Duration complete) {
        static Scale of(String name) {
            return switch (name) {
                case "10k" -> new Scale(name, 100, 10_000, 2_000, "bench-%02d", "true", null, Duration.ofMinutes(5));
                case "50k" -> new Scale(name, 500, 50_000, 10_000, "bench50k-%03d", "50k", "1Gi", Duration.ofMinutes(15));
                case "200" -> new Scale(name, 4, 200, 40, "bench200-%d", "200", null, Duration.ofMinutes(3)); // a quick check
                default -> throw new IllegalArgumentException("ballast.bench.scale: 10k, 50k or 200, not " + name);
            };
        }
    }

    static final Scale SCALE = Scale.of(System.getProperty("ballast.bench.scale", "10k"));
    static final int NAMESPACES = SCALE.namespaces();
    static final int DEPLOYMENTS = SCALE.deployments();
    static final int HPAS = SCALE.hpas();
    static final int CHANGES = Integer.getInteger("ballast.bench.changes", 100);
    static final List<String> POLICIES = List.of("bench-probes", "bench-security", "bench-all");

    public static void main(String[] args) {
        dev.ballast.bench.BenchMain.run(args, OperatorBench::run);
    }

    static void run(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/operator.md");
        String loadAtStart = loadAverage();
        try (ControlPlane plane = ControlPlane.start()) {
            KubernetesClient client = plane.client();
            plane.installCrds("manifests/optional/policyreport-crd.yaml");
            long seedStart = System.nanoTime();
            seed(client);
            long pods = BenchPods.seed(client);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            for (int k = 0; k < CHANGES; k++) { // an interrupted earlier run may have left one broken
                client.resource(Serialization.unmarshal(deploymentYaml(4 * k + 1, 2), Deployment.class)).update();
            }
            for (String p : POLICIES) {
                plane.kubectlWithStdin(Serialization.asYaml(policy(p)), "apply", "-f", "-");
                // start from no status, so "complete" means evaluated by this run
                plane.kubectl("patch", "stabpol", p, "--subresource=status", "--type=merge", "-p", "{\"status\":null}");
            }

            long start = System.nanoTime();
            java.time.Instant startedAt = java.time.Instant.now();
            ShippedJvm shipped = ShippedJvm.controller(plane.root());
            List<String> jvm = jvmArgs(shipped);
            try (OperatorProcess operator = OperatorProcess.start(plane, "operator-bench", Map.of("BALLAST_ROLE", "controller"),
                    jvm)) {
                double ready = (System.nanoTime() - start) / 1e9;
                awaitComplete(client, SCALE.complete(), startedAt);
                double complete = (System.nanoTime() - start) / 1e9;
                Thread.sleep(30_000); // let the first-start PolicyReports and paced Events settle before timing changes
                double evaluationsBefore = evaluations(operator);
                Map<Double, Double> reconcilesBefore = probesReconciles(operator);
                List<Long> latencies = changeLatencies(client, CHANGES); // a sample of 60000 ms means the status never followed
                Thread.sleep(5_000); // the last restore's evaluations
                double perChange = (evaluations(operator) - evaluationsBefore) / (2.0 * CHANGES);
                Map<Double, Double> reconcilesAfter = probesReconciles(operator);
                String podFigures = BenchPods.measure(client, operator, pods, CHANGES);
                Collections.sort(latencies);
                long rss = rssKb(operator.pid());
                String heap = heapBytes(operator.get("/q/metrics").body(), "jvm_memory_used_bytes");
                String report = """
                        # Operator benchmark
                        machine: %d cores, %s
                        objects: %d Deployments, %d HPAs, %d namespaces, %d policies (seeded in %.1f s)
                        operator process ready (JVM start + informer sync): %.1f s
                        operator start -> every policy status complete: %.1f s
                        workload change -> policy status updated: p50 %d ms, p99 %d ms, max %d ms (%d changes)
                        bench-probes reconcile during the changes (status write included): p50 <= %s ms, p99 <= %s ms
                        workload evaluations per change (ballast_evaluations_total, every policy): %.2f
                        operator RSS: %d MB; heap used: %s MB, committed: %s MB
                        operator JVM: %s
                        load average at start / end: %s / %s
                        """.formatted(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                        DEPLOYMENTS, HPAS, NAMESPACES, POLICIES.size(), seedSeconds, ready, complete,
                        latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1),
                        latencies.get(latencies.size() - 1), latencies.size(),
                        WebhookBench.quantile(reconcilesBefore, reconcilesAfter, 0.5),
                        WebhookBench.quantile(reconcilesBefore, reconcilesAfter, 0.99), perChange, rss / 1024, heap,
                        heapBytes(operator.get("/q/metrics").body(), "jvm_memory_committed_bytes"), String.join(" ", jvm),
                        loadAtStart, loadAverage())
                        + podFigures;
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);
                System.out.print(report);
            }
        }
    }

    static void seed(KubernetesClient client) throws Exception {
        if (existing(client) >= DEPLOYMENTS) {
            return;
        }
        for (int n = 0; n < NAMESPACES; n++) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns(n))
                    .addToLabels("ballast-bench", SCALE.label()).addToLabels("istio-injection", "enabled").endMetadata().build())
                    .createOr(r -> r.update());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < DEPLOYMENTS; i++) {
                int id = i;
                futures.add(pool.submit(() -> client.resource(deployment(id)).createOr(r -> r.update())));
                if (i < HPAS) {
                    futures.add(pool.submit(() -> client.resource(Serialization.unmarshal(hpa(id),
                            io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)).createOr(r -> r.update())));
                }
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The bench Deployments already on the plane, counted in pages (at 50k a single list would be hundreds of MB). */
    static long existing(KubernetesClient client) {
        long count = 0;
        String next = null;
        do {
            var page = client.apps().deployments().inAnyNamespace().withLabel("ballast-bench", SCALE.label())
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1000L).withContinue(next).build());
            count += page.getItems().size();
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return count;
    }

    static String ns(int n) {
        return SCALE.prefix().formatted(n);
    }

    static Deployment deployment(int i) {
        return Serialization.unmarshal(deploymentYaml(i, i % 4 == 0 ? 30 : 2), Deployment.class);
    }

    static String deploymentYaml(int i, int timeout) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app-%d, namespace: %s, labels: {app: app-%d, ballast-bench: "%s"}}
                spec:
                  selector: {matchLabels: {app: app-%d}}
                  template:
                    metadata: {labels: {app: app-%d}}
                    spec:
                      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                      containers:
                      - name: app
                        image: example/app:%d
                        readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: %d, failureThreshold: 5}
                        resources: {requests: {memory: 256Mi, cpu: 100m}, limits: {memory: %s}}
                        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """.formatted(i, ns(i % NAMESPACES), i, SCALE.label(), i, i, i, timeout, i % 3 == 0 ? "512Mi" : "256Mi");
    }

    static String hpa(int i) {
        return """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: app-%d, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-%d}
                  maxReplicas: 5
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: %d}}}]
                """.formatted(i, ns(i % NAMESPACES), i, i % 2 == 0 ? 80 : 60);
    }

    static StabilityPolicy policy(String name) {
        String rules = switch (name) {
            case "bench-probes" -> "probes: {}\n    resources: {}";
            case "bench-security" -> "securityContext: {}\n    mtls: {}";
            default -> "probes: {}\n    resources: {}\n    securityContext: {}\n    mtls: {}\n    autoscaling: {}" + BenchPods.rules();
        };
        return Serialization.unmarshal("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s}
                spec:
                  match: {namespaceSelector: {matchLabels: {ballast-bench: "%s"}}}
                  rules:
                    %s
                """.formatted(name, SCALE.label(), rules), StabilityPolicy.class);
    }

    /** Complete = every policy's status was evaluated by this operator run and covers every Deployment. */
    static void awaitComplete(KubernetesClient client, Duration timeout, java.time.Instant startedAt)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String started = startedAt.toString();
        while (System.nanoTime() < deadline) {
            boolean all = POLICIES.stream().allMatch(p -> {
                StabilityPolicy sp = client.resources(StabilityPolicy.class).withName(p).get();
                return sp != null && sp.getStatus() != null && sp.getStatus().summary() != null
                        && sp.getStatus().summary().workloads() == DEPLOYMENTS
                        && java.time.Instant.parse(sp.getStatus().lastEvaluationTime()).isAfter(startedAt);
            });
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("policies not re-evaluated within " + timeout + " of " + started);
    }

    /**
     * Breaks a compliant Deployment's probe timeout and times until bench-probes' violation count moves (nothing
     * else changes the bench objects meanwhile), then restores it and waits for the count to move back.
     */
    static List<Long> changeLatencies(KubernetesClient client, int changes) throws Exception {
        List<Long> result = new ArrayList<>();
        for (int k = 0; k < changes; k++) {
            int id = 4 * k + 1; // seeded with timeout 2: compliant for probe-timeout
            int before = violations(client);
            long t0 = System.nanoTime();
            client.resource(Serialization.unmarshal(deploymentYaml(id, 30), Deployment.class)).update();
            int broken = awaitChangeFrom(client, before);
            result.add((System.nanoTime() - t0) / 1_000_000);
            client.resource(Serialization.unmarshal(deploymentYaml(id, 2), Deployment.class)).update();
            awaitChangeFrom(client, broken);
        }
        return result;
    }

    static int awaitChangeFrom(KubernetesClient client, int value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int now;
        while ((now = violations(client)) == value) {
            if (System.nanoTime() > deadline) {
                return value; // recorded as a 60 s sample: the status did not follow in time
            }
            Thread.sleep(5);
        }
        return now;
    }

    static int violations(KubernetesClient client) {
        return client.resources(StabilityPolicy.class).withName("bench-probes").get().getStatus().summary().violations();
    }

    /**
     * The operator JVM's flags: the shipped controller's (manifests/, with -XX:MaxRAM at its memory limit, or the
     * scale's); -Dballast.bench.jvm="FLAGS" adds flags (e.g. -XX:NativeMemoryTracking=summary),
     * -Dballast.bench.jfr=FILE a Flight Recorder profile of the whole run.
     */
    static List<String> jvmArgs(ShippedJvm shipped) {
        List<String> args = new ArrayList<>(shipped.flags().stream().filter(f -> !f.startsWith("-XX:MaxRAM=")).toList());
        args.add("-XX:MaxRAM=" + (SCALE.memoryLimit() == null ? shipped.memoryLimitBytes()
                : ShippedJvm.bytes(SCALE.memoryLimit())));
        String extra = System.getProperty("ballast.bench.jvm", "");
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.trim().split("\\s+")));
        }
        String jfr = System.getProperty("ballast.bench.jfr");
        if (jfr != null) {
            args.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        }
        return args;
    }

    static String loadAverage() throws java.io.IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** The bucket counts of bench-probes' reconcile time: how much of a change's latency the operator itself spends. */
    static Map<Double, Double> probesReconciles(OperatorProcess operator) throws Exception {
        return PrometheusText.buckets(operator.get("/q/metrics").body(), "ballast_reconcile_duration_seconds",
                "policy=\"bench-probes\"");
    }

    /** ballast_evaluations_total over every policy. */
    static double evaluations(OperatorProcess operator) throws Exception {
        return PrometheusText.sum(operator.get("/q/metrics").body(), "ballast_evaluations_total");
    }

    /** A heap gauge (jvm_memory_used_bytes, jvm_memory_committed_bytes) over every heap pool, in MB. */
    static String heapBytes(String metrics, String gauge) {
        double sum = PrometheusText.sum(metrics, gauge, "area=\"heap\"");
        return String.valueOf(Math.round(sum / 1024 / 1024));
    }
}
