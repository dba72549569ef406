package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster report's listener (ballast.report.port) under attack, on loopback and bounded in count and time: a
 * connection flood, slow partial headers, oversized headers and a body on a GET. Its caps are the webhook's
 * ConnectionGuard with the report's defaults (32 connections, 10 s for headers). Afterwards the report answers and
 * the controller, in the same process, has kept reconciling: a Deployment created after the attack is in the report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportServerAttackE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static final int MAX_CONNECTIONS = 32;
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    static OperatorProcess operator;
    static int port;
    static String ns;
    static final StringBuilder figures = new StringBuilder();

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-report-attack=" + ns, "--overwrite"));
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: report-attack-%s}
                spec:
                  mode: Audit
                  match: {namespaceSelector: {matchLabels: {ballast-report-attack: %s}}}
                  rules: {probes: {}, resources: {}}
                """.formatted(ns, ns), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(deployment("before-the-attack"), "apply", "-f", "-"));
        operator = OperatorProcess.start(cluster.plane(), "operator-report-attack", Map.of());
        port = operator.reportPort();
        awaitInReport("before-the-attack");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (operator != null) {
            operator.close();
        }
        cluster.kubectl("delete", "stabpol", "report-attack-" + ns, "--ignore-not-found", "--wait=false");
        System.out.print(figures);
    }

    @Test
    @Order(1)
    void aConnectionFloodIsCappedAndEveryIdleConnectionClosed() throws Exception {
        int connections = 300;
        double cappedBefore = rejected("too_many_connections");
        double slowBefore = rejected("slow_client");
        List<Socket> held = new CopyOnWriteArrayList<>();
        AtomicLong mostOpen = new AtomicLong();
        ScheduledExecutorService sampler = sample(mostOpen);
        long started = System.nanoTime();
        List<String> opened = WebhookAttackE2E.parallel(connections, 32, i -> {
            held.add(new Socket("127.0.0.1", port));
            return "open";
        });
        List<String> ends = WebhookAttackE2E.parallel(held.size(), 64, i -> WebhookAttackE2E.status(held.get(i),
                HEADER_TIMEOUT.plusSeconds(15)));
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        sampler.shutdownNow();
        double capped = rejected("too_many_connections") - cappedBefore;
        double timedOut = rejected("slow_client") - slowBefore;
        figures.append(("report listener, %d idle connections: at most %d open (cap %d); %.0f closed at once by the cap, %.0f by"
                + " the header timeout; all closed after %d ms%n").formatted(connections, mostOpen.get(), MAX_CONNECTIONS,
                capped, timedOut, took));
        assertThat(opened).hasSize(connections);
        assertThat(mostOpen.get()).isLessThanOrEqualTo(MAX_CONNECTIONS);
        assertThat(ends).allSatisfy(e -> assertThat(e).isEqualTo("closed"));
        assertThat(capped).isGreaterThanOrEqualTo(connections - MAX_CONNECTIONS);
        assertThat(capped + timedOut).isGreaterThanOrEqualTo(connections);
        close(held);
        assertThat(operator.alive()).isTrue();
    }

    @Test
    @Order(2)
    void slowPartialHeadersAreClosedByTheHeaderTimeout() throws Exception {
        double slowBefore = rejected("slow_client");
        long started = System.nanoTime();
        List<String> ends = WebhookAttackE2E.parallel(20, 20, i -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("GET /report.json HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                // a header byte every second, never finishing: the timeout runs from the connection, not the last byte
                for (int b = 0; b < 30; b++) {
                    try {
                        out.write('x');
                        out.flush();
                    } catch (IOException closed) {
                        return "closed after " + b + " s";
                    }
                    Thread.sleep(1000);
                }
                return WebhookAttackE2E.status(socket, Duration.ofSeconds(5));
            }
        });
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        figures.append("report listener, 20 slowloris connections (a header byte a second): %s in %d ms%n"
                .formatted(WebhookAttackE2E.counts(ends), took));
        assertThat(ends).allSatisfy(e -> assertThat(e).matches("closed after \\d+ s"));
        assertThat(ends).allSatisfy(e -> assertThat(Integer.parseInt(e.replaceAll("\\D", ""))).isLessThanOrEqualTo(
                (int) HEADER_TIMEOUT.toSeconds() + 8));
        assertThat(rejected("slow_client") - slowBefore).isGreaterThanOrEqualTo(20);
    }

    @Test
    @Order(3)
    void oversizedHeadersAndBodiesAreRefusedAtOnce() throws Exception {
        double largeBefore = rejected("too_large");
        String huge = "GET /report HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(64 * 1024) + "\r\n\r\n";
        String withBody = "GET /report HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1048576\r\n\r\n" + "b".repeat(1024);
        String chunked = "POST /report HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "c".repeat(1024);
        List<String> answers = WebhookAttackE2E.parallel(30, 10, i -> {
            String request = List.of(huge, withBody, chunked).get(i % 3);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                try {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (IOException closedWhileSending) {
                    return "closed";
                }
                return WebhookAttackE2E.status(socket, Duration.ofSeconds(10));
            }
        });
        figures.append("report listener, 64 KiB headers / a 1 MiB body on GET / a chunked POST, 10 each: %s%n"
                .formatted(WebhookAttackE2E.counts(answers)));
        for (int i = 0; i < answers.size(); i++) {
            // a large header is refused by the HTTP decoder (431), possibly before it has all been read
            assertThat(answers.get(i)).isIn(i % 3 == 0 ? List.of("431", "400", "closed") : List.of("413"));
        }
        assertThat(rejected("too_large") - largeBefore).isEqualTo(20);
    }

    @Test
    @Order(4)
    void afterTheAttackTheReportAnswersAndTheControllerStillReconciles() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("ballast_report_open_connections") <= 1);
        var report = operator.report("/report.json");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("before-the-attack");
        ok(cluster.kubectlWithStdin(deployment("after-the-attack"), "apply", "-f", "-"));
        awaitInReport("after-the-attack");
        assertThat(operator.alive()).isTrue();
    }

    static String deployment(String name) {
        return E2eManifests.deployment(ns, name, E2eManifests.probedContainer(30));
    }

    static void awaitInReport(String workload) {
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            var r = operator.report("/report.json");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"" + workload + "\"");
        });
    }

    static ScheduledExecutorService sample(AtomicLong mostOpen) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            try {
                mostOpen.accumulateAndGet((long) gauge("ballast_report_open_connections"), Math::max);
            } catch (Exception notNow) {
                // the next sample
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        return sampler;
    }

    static void close(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    static double rejected(String reason) throws Exception {
        return PrometheusText.sum(operator.get("/q/metrics").body(), "ballast_report_rejected_total", "reason=\"" + reason + "\"");
    }

    static double gauge(String name) throws Exception {
        return PrometheusText.sum(operator.get("/q/metrics").body(), name);
    }
}
