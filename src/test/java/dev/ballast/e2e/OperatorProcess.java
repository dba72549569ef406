package dev.ballast.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code target/quarkus-app}, as {@code ballast run} starts it) running as its own process
 * against the test control plane, on a loopback port; its log goes to target/e2e-logs/.
 */
public final class OperatorProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final int port;
    private final int reportPort;
    private final Path log;

    private OperatorProcess(Process process, int port, int reportPort, Path log) {
        this.process = process;
        this.port = port;
        this.reportPort = reportPort;
        this.log = log;
    }

    public static OperatorProcess start(ControlPlane plane, String name, Map<String, String> env) throws Exception {
        return start(plane, name, env, List.of("-Xmx512m"));
    }

    public static OperatorProcess start(ControlPlane plane, String name, Map<String, String> env, List<String> jvmArgs)
            throws Exception {
        int port = freePort();
        int reportPort = freePort();
        Path logs = plane.root().resolve("target/e2e-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", plane.root().resolve("target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(plane.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KUBECONFIG", plane.kubeconfig().toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("BALLAST_REPORT_PORT", String.valueOf(reportPort));
        pb.environment().put("BALLAST_WEBHOOK_ENABLED", "false"); // tests of the webhook turn it on (WebhookFixture)
        pb.environment().putAll(env);
        OperatorProcess operator = new OperatorProcess(pb.start(), port, reportPort, log);
        operator.awaitReady(Duration.ofSeconds(90));
        return operator;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("operator exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("operator not ready after " + timeout + "; log:\n" + Files.readString(log));
    }

    /** From the Quarkus HTTP port: metrics and health. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(port, path);
    }

    /** From the report's own listener (ballast.report.port). */
    HttpResponse<String> report(String path) throws IOException, InterruptedException {
        return get(reportPort, path);
    }

    /**
     * One client for every request: a client per request leaves its connection open until the server's idle timeout,
     * and tests that poll would then fill the report listener's connection cap themselves. A GET on a kept-alive
     * connection the server closed as idle just then is sent again once, as browsers do.
     */
    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedWhileIdle) {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Ends the process at once (SIGKILL), as a crash or an OOM kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    int port() {
        return port;
    }

    /** The report's own listener (ballast.report.port). */
    int reportPort() {
        return reportPort;
    }

    public long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Graceful stop (SIGTERM), then forced after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
