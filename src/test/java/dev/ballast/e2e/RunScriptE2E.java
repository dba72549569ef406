package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code make run}'s script (hack/run.sh) against this checkout's running local plane, with the kubeconfig exported
 * as its help says: the plane is recognised as local, the webhook is registered on the configured port and denies,
 * Ctrl-C says the plane is still running, and a busy port fails before anything starts, naming the port.
 */
class RunScriptE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(120);

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** run.sh in its own process group (setsid), so a Ctrl-C can reach it and the operator it starts, as in a terminal. */
    static Process runScript(Path output, int httpPort, int webhookPort, int reportPort) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", "hack/run.sh").directory(cluster.plane().root().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("KUBECONFIG", cluster.plane().kubeconfig().toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("BALLAST_WEBHOOK_PORT", String.valueOf(webhookPort));
        pb.environment().put("BALLAST_REPORT_PORT", String.valueOf(reportPort));
        return pb.start();
    }

    /**
     * Stops the whole process group as a terminal's Ctrl-C would. SIGTERM rather than SIGINT: a test run started in
     * the background inherits SIGINT ignored, and neither bash nor the JVM may then handle it; run.sh treats both alike.
     */
    static void interrupt(Process script) throws Exception {
        new ProcessBuilder("kill", "-TERM", "--", "-" + script.pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        if (!script.waitFor(60, TimeUnit.SECONDS)) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + script.pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            script.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int status(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    @Test
    void theExportedLocalKubeconfigIsTheLocalPlaneAndTheWebhookUsesTheConfiguredPort() throws Exception {
        int httpPort = freePort();
        int webhookPort = freePort();
        Path output = Files.createTempFile("run", ".out");
        int reportPort = freePort();
        Process script = runScript(output, httpPort, webhookPort, reportPort);
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> !script.isAlive() || status(httpPort, "/q/health/ready") == 200);
            String out = Files.readString(output);
            assertThat(script.isAlive()).as(out).isTrue();
            assertThat(out).contains("using this checkout's local control plane")
                    .doesNotContain("using the cluster of the current kubeconfig")
                    .contains("the webhook (https://127.0.0.1:" + webhookPort + ")")
                    .contains("the cluster report: http://localhost:" + reportPort + "/report").doesNotContain(" open ");
            assertThat(cluster.kubectl("get", "validatingwebhookconfiguration", "ballast", "-o",
                    "jsonpath={.webhooks[0].clientConfig.url}").out()).isEqualTo("https://127.0.0.1:" + webhookPort + "/validate");

            String ns = cluster.namespace();
            assertThat(cluster.kubectl("label", "namespace", ns, "env=prod").code()).isZero();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                var create = cluster.kubectl("-n", ns, "create", "deployment", "no-probes", "--image=nginx", "--dry-run=server");
                assertThat(create.code()).as(create.all()).isNotZero();
                assertThat(create.err()).contains("denied");
            });
        } finally {
            interrupt(script);
        }
        String out = Files.readString(output);
        assertThat(script.isAlive()).as(out).isFalse();
        assertThat(out).contains("the local control plane is still running").contains("make cluster-down");
        assertThat(status(httpPort, "/q/health/ready")).as("the operator stopped").isEqualTo(-1);
    }

    @Test
    void aBusyPortFailsNamingItBeforeAnythingStarts() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            Path output = Files.createTempFile("run", ".out");
            Process script = runScript(output, freePort(), busy.getLocalPort(), freePort());
            try {
                assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                interrupt(script);
            }
            String out = Files.readString(output);
            assertThat(script.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("port " + busy.getLocalPort() + " is in use by another process (set BALLAST_WEBHOOK_PORT");
            assertThat(out).doesNotContain("starting the operator");
        }
    }
}
