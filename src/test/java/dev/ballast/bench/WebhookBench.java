package dev.ballast.bench;

import dev.ballast.e2e.ControlPlane;
import dev.ballast.e2e.OperatorProcess;
import dev.ballast.e2e.PrometheusText;
import dev.ballast.e2e.WebhookFixture;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * `make bench` (webhook part): a bounded load generator on loopback posting AdmissionReviews over HTTPS to
 * {@code /validate} and to {@code /mutate}, the same mix to both (a Deployment that needs one repair, a compliant one,
 * one without any securityContext or memory limit that needs five), at 1, 8 and 64 connections for a fixed time each, the two paths
 * interleaved level by level; then Deployment create latency through kube-apiserver with and without the validating
 * webhook registered. Latencies are client-side (TLS, HTTP and the review included), so they bound the server-side
 * figures (each path's own histogram) from above.
 */
public final class WebhookBench {
    static final Duration RUN = Duration.ofSeconds(10);
    static final String CONFIGURATION = "ballast-webhook-bench";
    /** Ballast's own namespace for the bench (its Secret); never judged, so not the namespace under load. */
    static final String HOME = "webhook-bench-ballast";
    static final String PLAIN = "webhook-bench-plain";
    /** Each path and the histogram its server-side latency goes to. */
    static final Map<String, String> PATHS = new java.util.LinkedHashMap<>();

    static {
        PATHS.put("/validate", "ballast_admission_duration_seconds");
        PATHS.put("/mutate", "ballast_mutation_duration_seconds");
    }

    public static void main(String[] args) {
        dev.ballast.bench.BenchMain.run(args, WebhookBench::run);
    }

    static void run(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/webhook.md");
        Path tls = Files.createTempDirectory("ballast-bench-tls");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder report = new StringBuilder("# Webhook benchmark\nmachine: " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "; load average at the start: " + loadAverage() + "\n");
        try (ControlPlane plane = ControlPlane.start()) {
            KubernetesClient client = plane.client();
            plane.installCrds();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("webhook-bench")
                    .addToLabels("ballast-webhook-bench", "true").endMetadata().build()).createOr(r -> r.update());
            for (String namespace : List.of(HOME, PLAIN)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                        .createOr(r -> r.update());
            }
            plane.kubectlWithStdin("""
                    apiVersion: ballast.dev/v1alpha1
                    kind: StabilityPolicy
                    metadata: {name: webhook-bench}
                    spec:
                      mode: Warn
                      mutate: true
                      match: {namespaceSelector: {matchLabels: {ballast-webhook-bench: "true"}}}
                      rules: {probes: {}, resources: {}, securityContext: {}, autoscaling: {}}
                    """, "apply", "-f", "-");
            try (OperatorProcess webhook = OperatorProcess.start(plane, "webhook-bench",
                    WebhookFixture.env(HOME, port, CONFIGURATION), List.of("-Xmx256m"))) {
                Path ca = WebhookFixture.caFile(client, HOME, tls);
                List<String> mix = mix();
                for (int connections : new int[] {1, 8, 64}) {
                    for (Map.Entry<String, String> path : PATHS.entrySet()) {
                        load(port, ca, path.getKey(), mix, connections, Duration.ofSeconds(3)); // warm-up
                        Map<Double, Double> before = PrometheusText.buckets(webhook.get("/q/metrics").body(), path.getValue());
                        report.append(load(port, ca, path.getKey(), mix, connections, RUN));
                        Map<Double, Double> after = PrometheusText.buckets(webhook.get("/q/metrics").body(), path.getValue());
                        report.append("  server-side (%s, bucket upper bounds): p50 <= %s ms, p99 <= %s ms, p99.9 <= %s ms; load average %s%n"
                                .formatted(path.getValue(), quantile(before, after, 0.50), quantile(before, after, 0.99),
                                        quantile(before, after, 0.999), loadAverage()));
                    }
                }
                String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36); // fresh names: creates, not updates
                plane.kubectlWithStdin(WebhookFixture.registration(plane.root(), CONFIGURATION, port,
                        Map.of("ballast-webhook-bench", "true")), "apply", "-f", "-");
                WebhookFixture.awaitCaBundle(client, CONFIGURATION, Duration.ofSeconds(60));
                Thread.sleep(3000); // webhook registration takes effect asynchronously
                // interleaved, so both series see the same machine: the labelled namespace is judged, the plain one
                // is outside the namespaceSelector and never reaches the webhook
                List<Long> hooked = new ArrayList<>();
                List<Long> plain = new ArrayList<>();
                Map<Double, Double> apiserverBefore = apiserverWebhookBuckets(plane);
                double connectionsBefore = connections(webhook);
                for (int i = 0; i < 420; i++) {
                    boolean judged = i % 2 == 0;
                    Deployment d = deployment((judged ? "hooked-" : "plain-") + run + "-" + i, 2);
                    d.getMetadata().setNamespace(judged ? "webhook-bench" : PLAIN);
                    long t0 = System.nanoTime();
                    client.resource(d).create();
                    if (i >= 20) {
                        (judged ? hooked : plain).add(System.nanoTime() - t0);
                    }
                }
                Map<Double, Double> apiserverAfter = apiserverWebhookBuckets(plane);
                double connectionsOpened = connections(webhook) - connectionsBefore;
                plane.kubectl("delete", "validatingwebhookconfiguration", CONFIGURATION, "--ignore-not-found");
                Collections.sort(hooked);
                Collections.sort(plain);
                report.append(("Deployment create through kube-apiserver, %d interleaved creates each: without the webhook p50 %.2f ms,"
                        + " p99 %.2f ms; with it p50 %.2f ms, p99 %.2f ms (overhead p50 %.2f ms, p99 %.2f ms)%n").formatted(hooked.size(),
                        at(plain, 0.5), at(plain, 0.99), at(hooked, 0.5), at(hooked, 0.99),
                        at(hooked, 0.5) - at(plain, 0.5), at(hooked, 0.99) - at(plain, 0.99)));
                report.append("  kube-apiserver's own view of the webhook call (apiserver_admission_webhook_admission_duration_seconds,"
                        + " bucket upper bounds): p50 <= %s ms, p99 <= %s ms; %.0f TLS connections opened for %d calls%n".formatted(
                        quantile(apiserverBefore, apiserverAfter, 0.5), quantile(apiserverBefore, apiserverAfter, 0.99),
                        connectionsOpened, hooked.size() + 10));
            }
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }

    /**
     * The reviews both paths get, in turn: a probe timeout of 30 s (one violation of the Warn policy; one repair), a
     * compliant Deployment (nothing to warn or repair), and one with no securityContext and no memory limit (five repairs).
     */
    static List<String> mix() {
        Deployment bare = deployment("bare", 5);
        bare.getSpec().getTemplate().getSpec().setSecurityContext(null);
        bare.getSpec().getTemplate().getSpec().getContainers().get(0).setSecurityContext(null);
        bare.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().clear();
        return List.of(review(deployment("web", 30)), review(deployment("ok", 5)), review(bare));
    }

    static String review(Deployment object) {
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"bench",
                 "kind":{"group":"apps","version":"v1","kind":"Deployment"},"operation":"CREATE","namespace":"webhook-bench",
                 "userInfo":{"username":"bench"},"object":%s}}""".formatted(Serialization.asJson(object));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException unknown) {
            return "unknown";
        }
    }

    static Deployment deployment(String name, int timeout) {
        return Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: webhook-bench, labels: {app: web}}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                      containers:
                      - name: app
                        image: example/web:1
                        readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: %d, failureThreshold: 5}
                        resources: {requests: {memory: 256Mi, cpu: 100m}, limits: {memory: 256Mi}}
                        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """.formatted(name, timeout), Deployment.class);
    }

    static String load(int port, Path ca, String path, List<String> bodies, int connections, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            futures.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(WebhookFixture.trusting(ca)).build();
                List<HttpRequest> requests = bodies.stream().map(body -> HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + port + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build()).toList();
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; System.nanoTime() < end; i++) {
                    HttpRequest request = requests.get(i % requests.size());
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
                    }
                    latencies.add(System.nanoTime() - t0);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get(duration.toSeconds() + 60, TimeUnit.SECONDS));
        }
        pool.shutdownNow();
        Collections.sort(all);
        return "%s, %d connections: %.0f reviews/s, latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (%d reviews in %d s)%n".formatted(
                path, connections, all.size() / (double) duration.toSeconds(), at(all, 0.50), at(all, 0.99), at(all, 0.999),
                all.size(), duration.toSeconds());
    }

    static double connections(OperatorProcess webhook) throws Exception {
        return PrometheusText.sum(webhook.get("/q/metrics").body(), "ballast_webhook_connections_total");
    }

    /** kube-apiserver's histogram of its calls to this webhook. */
    static Map<Double, Double> apiserverWebhookBuckets(ControlPlane plane) {
        return PrometheusText.buckets(plane.kubectl("get", "--raw", "/metrics").out(),
                "apiserver_admission_webhook_admission_duration_seconds", "name=\"validate.ballast.dev\"", "operation=\"CREATE\"");
    }

    static String quantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            throw new IllegalStateException("no samples between the two reads of the histogram: the bench namespace is not being judged");
        }
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            double count = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (count >= q * total) {
                return e.getKey().isInfinite() ? "inf" : "%.3f".formatted(e.getKey() * 1000);
            }
        }
        return "n/a";
    }

    static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * q) - 1)) / 1e6;
    }
}
