package dev.ballast.operator;

import dev.ballast.admission.ConnectionGuard;
import dev.ballast.admission.Rejection;
import dev.ballast.config.BallastConfig;
import dev.ballast.config.ReportConfig;
import dev.ballast.config.Role;
import dev.ballast.report.cluster.ClusterReport;
import dev.ballast.report.cluster.ClusterReportBuilder;
import dev.ballast.report.cluster.HtmlReportRenderer;
import dev.ballast.report.cluster.JsonReportRenderer;
import dev.ballast.report.cluster.MarkdownReportRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code /report}, {@code /report.json}, {@code /report.md}: the cluster report from the latest reconcile of every
 * policy (see {@link LatestResults}), on a listener of its own, on loopback by default ({@code ballast.report.host}),
 * since it names every workload and violation: reach it with {@code kubectl port-forward}. Metrics and health stay
 * on the Quarkus HTTP port. A standby replica has no results; it answers 503 naming the leader. Runs only where
 * the controller does. Bounded like the webhook's listener ({@link ConnectionGuard}): open connections are capped
 * (more are closed at once), headers are due within a timeout of the connection opening or the last reply, headers
 * are at most 8 KiB (431), and a request with a body is refused (413) and its connection closed: it is GET only.
 */
@ApplicationScoped
public class ReportServer {
    private static final Logger LOG = Logger.getLogger(ReportServer.class);
    /** Rendering 10,000 workloads takes a while: a few at once, the rest told to retry. */
    private static final int RENDERS_IN_FLIGHT = 2;
    private static final Map<String, Page> PAGES = Map.of(
            "/report", new Page(HtmlReportRenderer::render, "text/html; charset=utf-8"),
            "/report.json", new Page(JsonReportRenderer::render, "application/json"),
            "/report.md", new Page(MarkdownReportRenderer::render, "text/markdown; charset=utf-8"));

    private record Page(Function<ClusterReport, String> renderer, String type) {
    }

    private final Vertx vertx;
    private final LatestResults results;
    private final Leadership leadership;
    private final KubernetesClient client;
    private final BallastConfig config;
    private final ReportConfig report;
    private final AtomicInteger rendering = new AtomicInteger();
    private final ConnectionGuard guard;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private volatile ClusterReport.Cluster cluster;
    private volatile HttpServer server;

    public ReportServer(Vertx vertx, LatestResults results, Leadership leadership, KubernetesClient client, BallastConfig config,
                        ReportConfig report, MeterRegistry registry) {
        this.vertx = vertx;
        this.results = results;
        this.leadership = leadership;
        this.client = client;
        this.config = config;
        this.report = report;
        for (Rejection r : new Rejection[] {Rejection.TOO_MANY_CONNECTIONS, Rejection.SLOW_CLIENT, Rejection.TOO_LARGE}) {
            rejected.put(r, Counter.builder("ballast_report_rejected")
                    .description("Connections or requests the report's listener closed or refused, by reason")
                    .tag("reason", r.tag()).register(registry));
        }
        this.guard = new ConnectionGuard(vertx, report.maxConnections(), report.headerTimeout().toMillis(),
                report.headerTimeout().toMillis(), // no body is ever read: a request with one is refused at its headers
                r -> rejected.get(r).increment());
        Gauge.builder("ballast_report_open_connections", guard::open).description("Connections open to the report's listener now")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!Role.known(config).map(Role::runsController).orElse(false)) {
            return;
        }
        String host = report.host();
        int port = report.port();
        // no h2c: with it, Vert.x defers a connection (and the guard) until its first bytes or whole headers arrive
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setIdleTimeout(60).setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setHttp2ClearTextEnabled(false));
        created.connectionHandler(guard::opened);
        created.requestHandler(this::accept);
        try {
            created.listen().toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.errorf("ballast.report.host/port %s:%d: cannot listen (%s)", host, port, cause.getMessage());
            Quarkus.asyncExit(OperatorLifecycle.BAD_SETTING);
            return;
        }
        server = created;
        LOG.infof("cluster report on http://%s:%d/report (also /report.json, /report.md)", host, created.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer running = server;
        if (running != null) {
            running.close();
        }
    }

    private void accept(HttpServerRequest request) {
        ConnectionGuard.Exchange exchange = guard.exchange(request.connection());
        if (exchange == null) { // over the connection cap, closing
            request.connection().close();
            return;
        }
        exchange.bodyReceived(); // the headers are in; nothing more is read
        if (hasBody(request)) {
            rejected.get(Rejection.TOO_LARGE).increment();
            request.response().setStatusCode(413).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Connection", "close").end("the report takes no request body; use GET\n");
            request.connection().close();
            return;
        }
        Page page = PAGES.get(request.path());
        if (page == null) {
            text(request, exchange, 404, "no such path: " + request.path() + " (this port serves /report, /report.json, /report.md)\n");
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            text(request, exchange, 405, "use GET\n");
            return;
        }
        if (!leadership.leading()) {
            String leader = leadership.leader();
            request.response().putHeader("Retry-After", "10");
            text(request, exchange, 503, "This Ballast replica is on standby; the leader" + (leader == null ? "" : " (" + leader + ")")
                    + " evaluates policies and serves the report. Reach it with: kubectl -n " + config.namespace()
                    + " port-forward pod/" + (leader == null ? "<leader pod>" : leader) + " " + report.port() + "\n");
            return;
        }
        if (rendering.incrementAndGet() > RENDERS_IN_FLIGHT) {
            rendering.decrementAndGet();
            request.response().putHeader("Retry-After", "1");
            text(request, exchange, 503, "the report is being rendered for other requests; retry\n");
            return;
        }
        vertx.<String>executeBlocking(() -> page.renderer().apply(ClusterReportBuilder.build(cluster(), Instant.now(), results.all())),
                false).onComplete(rendered -> {
                    rendering.decrementAndGet();
                    if (rendered.failed()) {
                        LOG.errorf("cluster report: %s", rendered.cause().toString());
                        text(request, exchange, 503, "the report could not be rendered: " + rendered.cause().getMessage() + "\n");
                        return;
                    }
                    if (!request.response().closed()) {
                        request.response().setStatusCode(200).putHeader("Content-Type", page.type())
                                .putHeader("Cache-Control", "no-store").end(rendered.result());
                        exchange.replied();
                    }
                });
    }

    /** A declared body, or a chunked one: a GET-only listener reads neither. */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || length != null && !"0".equals(length.trim());
    }

    private static void text(HttpServerRequest request, ConnectionGuard.Exchange exchange, int status, String body) {
        if (!request.response().closed()) {
            request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(body);
            exchange.replied();
        }
    }

    /** The API server's URL and version, read once it answers. */
    private ClusterReport.Cluster cluster() {
        ClusterReport.Cluster known = cluster;
        if (known == null || "unknown".equals(known.version())) {
            known = ClusterReport.Cluster.of(client);
            cluster = known;
        }
        return known;
    }
}
