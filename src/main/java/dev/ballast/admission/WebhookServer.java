package dev.ballast.admission;

import dev.ballast.admission.tls.CertificateRotation;
import dev.ballast.admission.tls.CertificateSecretStore;
import dev.ballast.admission.tls.TlsBundle;
import dev.ballast.operator.BallastConfig;
import dev.ballast.operator.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import org.jboss.logging.Logger;

/**
 * The webhook's own HTTPS listener (default :8443), apart from the operator's HTTP port. Its certificate comes from
 * {@link CertificateSecretStore}; a single scheduler thread checks the Secret and the caBundle every
 * check-interval and swaps in renewed material without a restart. Small reviews are judged on the event loop
 * (microseconds); large ones on a worker so a 1 MiB ConfigMap never stalls other requests.
 */
@ApplicationScoped
public class WebhookServer {
    private static final Logger LOG = Logger.getLogger(WebhookServer.class);
    private static final int INLINE_LIMIT = 256 * 1024;
    private static final int LARGE_IN_FLIGHT = 8;
    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);
    private static final Duration AUTHORITY_RENEW_BEFORE = Duration.ofDays(365);

    private final Vertx vertx;
    private final AdmissionHandler handler;
    private final AdmissionContext context;
    private final io.micrometer.core.instrument.Counter connections;
    private final BallastConfig.Webhook config;
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
    private final java.util.concurrent.atomic.AtomicInteger largeInFlight = new java.util.concurrent.atomic.AtomicInteger();

    public WebhookServer(Vertx vertx, AdmissionHandler handler, AdmissionContext context, BallastConfig config,
                         KubernetesClient client, io.micrometer.core.instrument.MeterRegistry registry) {
        this.connections = io.micrometer.core.instrument.Counter.builder("ballast_webhook_connections")
                .description("TLS connections accepted by the webhook (few, when kube-apiserver keeps them alive)")
                .register(registry);
        this.vertx = vertx;
        this.handler = handler;
        this.context = context;
        this.config = config.webhook();
        this.namespace = config.namespace();
        this.inRole = Role.known(config).map(Role::runsWebhook).orElse(false);
        this.store = new CertificateSecretStore(client, config.namespace(), this.config.secretName(), this.config.caSecretName());
    }

    void start(@Observes StartupEvent event) {
        if (!inRole) {
            return; // the controller role: no listener, no informers, no TLS provisioning
        }
        if (!config.enabled()) {
            LOG.info("admission webhook disabled (ballast.webhook.enabled=false)");
            return;
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

    /** True when not run here (role, or disabled) or serving: what the readiness check reports. */
    public boolean healthy() {
        return !inRole || !config.enabled() || listening;
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
        } catch (RuntimeException e) {
            LOG.errorf("admission webhook not serving: %s (its Secret %s/%s, its ValidatingWebhookConfiguration %s, port %d);"
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
                .setPort(config.port()).setHost(config.host()).setUseAlpn(false));
        created.connectionHandler(connection -> connections.increment());
        created.requestHandler(this::accept);
        created.listen().toCompletionStage().toCompletableFuture().join();
        server = created;
        listening = true;
        LOG.infof("admission webhook listening on https://%s:%d/validate", config.host(), created.actualPort());
    }

    private void accept(HttpServerRequest request) {
        if (!"/validate".equals(request.path())) {
            reply(request, AdmissionHandler.error(404, "no such path: " + request.path() + " (the webhook serves POST /validate)"));
            return;
        }
        if (request.method() != HttpMethod.POST) {
            reply(request, AdmissionHandler.error(405, "use POST for /validate"));
            return;
        }
        int limit = config.maxBodyBytes();
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
            tooLarge(request, limit);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                tooLarge(request, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> LOG.debugf("webhook request aborted: %s", e.getMessage()));
        request.endHandler(done -> {
            if (refused[0]) {
                return;
            }
            byte[] bytes = body.getBytes();
            if (bytes.length <= INLINE_LIMIT) {
                reply(request, handler.review(bytes));
                return;
            }
            // large reviews: on a worker, at most LARGE_IN_FLIGHT at once (bounded memory), answered by the deadline
            if (largeInFlight.incrementAndGet() > LARGE_IN_FLIGHT) {
                largeInFlight.decrementAndGet();
                reply(request, AdmissionHandler.error(503, "too many large reviews in flight; retry"));
                return;
            }
            long timer = vertx.setTimer(config.deadline().toMillis(), t -> reply(request, AdmissionHandler.error(503,
                    "ballast could not decide within " + config.deadline().toMillis() + " ms")));
            vertx.<AdmissionHandler.Reply>executeBlocking(() -> handler.review(bytes), false).onComplete(r -> {
                largeInFlight.decrementAndGet();
                vertx.cancelTimer(timer);
                reply(request, r.succeeded() ? r.result()
                        : AdmissionHandler.error(400, "cannot judge this request: " + r.cause().getMessage()));
            });
        });
    }

    private static void tooLarge(HttpServerRequest request, int limit) {
        reply(request, AdmissionHandler.error(413, "request body larger than " + limit + " bytes"));
        request.connection().close();
    }

    private static void reply(HttpServerRequest request, AdmissionHandler.Reply reply) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        request.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json").end(reply.json());
    }
}
