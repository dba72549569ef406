package dev.ballast.admission;

import dev.ballast.admission.tls.CertificateRotation;
import dev.ballast.admission.tls.CertificateSecretStore;
import dev.ballast.admission.tls.TlsBundle;
import dev.ballast.config.BallastConfig;
import dev.ballast.config.Role;
import dev.ballast.config.WebhookConfig;
import dev.ballast.rules.engine.Cancellation;
import dev.ballast.rules.engine.EvaluationCancelledException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The webhook's own HTTPS listener (default :8443), apart from the operator's HTTP port. Its certificate comes from
 * {@link CertificateSecretStore}; a single scheduler thread checks the Secret and the caBundle every
 * check-interval and swaps in renewed material without a restart. Bounded under any traffic: connections, buffered
 * bytes and reviews on workers are capped and the excess answered at once; reads are timed; cheap reviews (by
 * containers × policies, not bytes) are judged on the event loop, the rest on a worker and cancelled at the deadline.
 */
@ApplicationScoped
public class WebhookServer {
    private static final Logger LOG = Logger.getLogger(WebhookServer.class);
    /** Bodies up to this size are parsed on the event loop (well under a millisecond) to learn what judging costs. */
    private static final int INLINE_PARSE_BYTES = 64 * 1024;
    /** Container × policy evaluations judged on the event loop; costlier reviews go to a worker. */
    private static final int INLINE_COST = 64;
    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);
    private static final Duration AUTHORITY_RENEW_BEFORE = Duration.ofDays(365);

    private final Vertx vertx;
    private final AdmissionHandler handler;
    private final AdmissionMutator mutator;
    private final AdmissionContext context;
    private final WebhookMetrics metrics;
    private final ByteBudget budget;
    private final ConnectionGuard guard;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final WebhookConfig config;
    private final CertificateSecretStore store;
    private final String namespace;
    private final boolean inRole;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ballast-webhook-tls");
        t.setDaemon(true);
        return t;
    });
    // written only by the scheduler thread; read at shutdown, after the scheduler has stopped
    private volatile HttpServer server;
    private TlsBundle serving;
    private volatile boolean listening;

    static final String VALIDATE = "/validate";
    static final String MUTATE = "/mutate";

    public WebhookServer(Vertx vertx, AdmissionHandler handler, AdmissionMutator mutator, AdmissionContext context,
                         BallastConfig ballast, WebhookConfig config, KubernetesClient client, MeterRegistry registry) {
        this.vertx = vertx;
        this.handler = handler;
        this.mutator = mutator;
        this.context = context;
        this.config = config;
        this.metrics = new WebhookMetrics(registry);
        this.budget = new ByteBudget(this.config.maxBufferedBytes(), INLINE_PARSE_BYTES);
        this.guard = new ConnectionGuard(vertx, this.config.maxConnections(), this.config.headerTimeout().toMillis(),
                this.config.bodyTimeout().toMillis(), metrics::rejected);
        WebhookMetrics.levels(registry, guard::open, budget::used, inFlight::get);
        AdmissionMutator.timers(registry); // exported from the start, as the levels are
        this.namespace = ballast.namespace();
        this.inRole = Role.known(ballast).map(Role::runsWebhook).orElse(false);
        this.store = new CertificateSecretStore(client, ballast.namespace(), config.secretName(), config.caSecretName());
    }

    void start(@Observes StartupEvent event) {
        if (!inRole) {
            return; // the controller role: no listener, no informers, no TLS provisioning
        }
        if (!config.enabled()) {
            LOG.info("admission webhook disabled (ballast.webhook.enabled=false)");
            return;
        }
        if (config.maxBufferedBytes() < config.maxBodyBytes()) {
            throw new IllegalStateException("ballast.webhook.max-buffered-bytes (" + config.maxBufferedBytes()
                    + ") is below ballast.webhook.max-body-bytes (" + config.maxBodyBytes() + "): no large review could be read");
        }
        CertificateRotation.Settings settings = settings();
        scheduler.scheduleWithFixedDelay(() -> refresh(settings), 0, config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    /** Why this process does not serve admission, or null when it does. */
    public String disabledReason() {
        if (!inRole) {
            return "not served by this role (ballast.role)";
        }
        return config.enabled() ? null : "disabled (ballast.webhook.enabled=false)";
    }

    /** True when not run here (role, or disabled) or serving: what the readiness check reports. */
    public boolean healthy() {
        return disabledReason() != null || listening;
    }

    CertificateRotation.Settings settings() {
        String service = config.serviceName();
        List<String> hosts = new ArrayList<>(List.of(service + "." + namespace + ".svc", service + "." + namespace + ".svc.cluster.local",
                service + "." + namespace, service));
        config.extraHosts().ifPresent(hosts::addAll);
        try {
            return new CertificateRotation.Settings(hosts, config.extraIps().orElse(List.of()), config.certificateValidity(),
                    config.renewBefore(), AUTHORITY_VALIDITY, AUTHORITY_RENEW_BEFORE);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ballast.webhook.extra-ips / renew-before: " + e.getMessage(), e);
        }
    }

    private void refresh(CertificateRotation.Settings settings) {
        try {
            context.start();
        } catch (RuntimeException e) {
            LOG.errorf("admission webhook: cannot start its informers (%s); retrying every %s",
                    e.getMessage() != null ? e.getMessage() : e.toString(), config.checkInterval());
            return;
        }
        try {
            TlsBundle bundle = store.ensure(settings, Instant.now());
            if (!bundle.equals(serving)) {
                serve(bundle);
                serving = bundle;
            }
            if (!store.patchCaBundle(config.configurationName(), bundle.caPem())) {
                LOG.debugf("ValidatingWebhookConfiguration %s not found; caBundle is set once it exists", config.configurationName());
            }
            if (!store.patchMutatingCaBundle(config.configurationName(), bundle.caPem())) {
                LOG.debugf("MutatingWebhookConfiguration %s not found; caBundle is set once it exists", config.configurationName());
            }
        } catch (RuntimeException e) {
            LOG.errorf("admission webhook not serving: %s (its Secret %s/%s, its Validating/MutatingWebhookConfiguration %s, port %d);"
                            + " retrying every %s", e.getMessage() != null ? e.getMessage() : e.toString(), namespace,
                    config.secretName(), config.configurationName(), config.port(), config.checkInterval());
        }
    }

    private void serve(TlsBundle bundle) {
        PemKeyCertOptions keyCert = new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(bundle.certPem())).setKeyValue(Buffer.buffer(bundle.keyPem()));
        if (server != null) {
            server.updateSSLOptions(new SSLOptions().setKeyCertOptions(keyCert)).toCompletionStage().toCompletableFuture().join();
            LOG.info("webhook TLS: serving the renewed certificate");
            return;
        }
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(keyCert)
                .setPort(config.port()).setHost(config.host()).setUseAlpn(false)
                .setSslHandshakeTimeout(config.headerTimeout().toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS));
        created.connectionHandler(connection -> {
            metrics.connection();
            guard.opened(connection);
        });
        created.requestHandler(this::accept);
        created.listen().toCompletionStage().toCompletableFuture().join();
        server = created;
        listening = true;
        LOG.infof("admission webhook listening on https://%s:%d/validate and /mutate", config.host(), created.actualPort());
    }

    private void accept(HttpServerRequest request) {
        ConnectionGuard.Exchange exchange = guard.exchange(request.connection());
        if (exchange == null) { // over the connection cap, closing
            request.connection().close();
            return;
        }
        boolean served = VALIDATE.equals(request.path()) || MUTATE.equals(request.path());
        if (!served || request.method() != HttpMethod.POST) {
            exchange.bodyReceived();
            reply(request, exchange, served ? AdmissionHandler.error(405, "use POST for " + request.path())
                    : AdmissionHandler.error(404, "no such path: " + request.path() + " (the webhook serves POST /validate and /mutate)"));
            return;
        }
        boolean mutate = MUTATE.equals(request.path());
        int limit = config.maxBodyBytes();
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
            refuse(request, exchange, Rejection.TOO_LARGE, 413, "request body larger than " + limit + " bytes");
            return;
        }
        ReviewBody body = new ReviewBody(budget);
        exchange.headersReceived(body, () -> refuse(request, exchange, Rejection.SLOW_CLIENT, 408,
                "request body not received within " + config.bodyTimeout().toMillis() + " ms"));
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                refuse(request, exchange, Rejection.TOO_LARGE, 413, "request body larger than " + limit + " bytes");
            } else if (!body.append(chunk)) {
                refused[0] = true;
                refuse(request, exchange, Rejection.BUFFER_BUDGET, 503, "the webhook holds " + config.maxBufferedBytes()
                        + " request bytes already; retry");
            }
        });
        request.exceptionHandler(e -> LOG.debugf("webhook request aborted: %s", e.getMessage()));
        request.endHandler(done -> {
            if (refused[0]) {
                return;
            }
            exchange.bodyReceived();
            if (body.length() > INLINE_PARSE_BYTES) {
                judgeOnWorker(request, exchange, body, null, mutate);
                return;
            }
            AdmissionHandler.Parsed parsed = handler.parse(body.stream());
            if (!parsed.ok() || overContainerCap(parsed) || handler.cost(parsed) <= INLINE_COST) {
                reply(request, exchange, answer(parsed, Cancellation.NONE, mutate));
            } else {
                judgeOnWorker(request, exchange, body, parsed, mutate);
            }
        });
    }

    /**
     * Judges on a worker, at most max-in-flight at once; answers 503 at the deadline and cancels the work, whose slot
     * (and body bytes) stay taken until it has stopped. {@code parsed} is null when the body is still to be parsed.
     */
    private void judgeOnWorker(HttpServerRequest request, ConnectionGuard.Exchange exchange, ReviewBody body,
                               AdmissionHandler.Parsed parsed, boolean mutate) {
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            refuse(request, exchange, Rejection.IN_FLIGHT, 503, config.maxInFlight() + " reviews are being judged already; retry");
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        exchange.onClose(() -> cancelled.set(true));
        long timer = vertx.setTimer(config.deadline().toMillis(), t -> {
            cancelled.set(true);
            refuse(request, exchange, Rejection.DEADLINE, 503, "ballast could not decide within " + config.deadline().toMillis() + " ms");
        });
        Cancellation cancellation = cancelled::get;
        body.retain();
        vertx.<AdmissionHandler.Reply>executeBlocking(() -> {
            cancellation.check();
            return answer(parsed != null ? parsed : handler.parse(body.stream()), cancellation, mutate);
        }, false).onComplete(r -> {
            inFlight.decrementAndGet();
            vertx.cancelTimer(timer);
            if (r.succeeded()) {
                reply(request, exchange, r.result());
            } else if (!(r.cause() instanceof EvaluationCancelledException)) {
                LOG.errorf(r.cause(), "admission review could not be judged");
                reply(request, exchange, AdmissionHandler.error(400, "cannot judge this request: " + r.cause().getMessage()));
            }
            body.release(); // the worker's hold: after a deadline reply too, the bytes were in use until the work stopped
        });
    }

    /**
     * The reply to a parsed review: its 400, an unjudged allow over the container cap, or the judgement (on /mutate,
     * the repairs).
     */
    private AdmissionHandler.Reply answer(AdmissionHandler.Parsed parsed, Cancellation cancellation, boolean mutate) {
        if (!parsed.ok()) {
            return parsed.error();
        }
        if (overContainerCap(parsed)) {
            return tooManyContainers(parsed);
        }
        return mutate ? mutator.mutate(parsed, cancellation, config.maxViolations())
                : handler.judge(parsed, cancellation, config.maxViolations());
    }

    private boolean overContainerCap(AdmissionHandler.Parsed parsed) {
        return AdmissionHandler.containers(parsed) > config.maxContainers();
    }

    private AdmissionHandler.Reply tooManyContainers(AdmissionHandler.Parsed parsed) {
        metrics.rejected(Rejection.TOO_MANY_CONTAINERS);
        return handler.unjudged(parsed, "ballast did not judge this object: " + AdmissionHandler.containers(parsed)
                + " containers, more than ballast.webhook.max-containers (" + config.maxContainers() + ")");
    }

    /** Answers without judging; closes the connection when the rest of its body would otherwise be read. */
    private void refuse(HttpServerRequest request, ConnectionGuard.Exchange exchange, Rejection reason, int status,
                        String message) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        metrics.rejected(reason);
        if (request.isEnded()) {
            reply(request, exchange, AdmissionHandler.error(status, message));
            return;
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(AdmissionHandler.error(status, message).json());
        request.connection().close();
    }

    private static void reply(HttpServerRequest request, ConnectionGuard.Exchange exchange, AdmissionHandler.Reply reply) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        request.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json").end(reply.json());
        exchange.replied(); // now, before a pipelined next request can start on this connection
    }
}
