package dev.ballast.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** The webhook's own meters: connections accepted, what was rejected and why, and the levels its caps bound. */
final class WebhookMetrics {
    private final Counter connections;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

    WebhookMetrics(MeterRegistry registry) {
        connections = Counter.builder("ballast_webhook_connections")
                .description("TLS connections accepted by the webhook (few, when kube-apiserver keeps them alive)")
                .register(registry);
        for (Rejection r : Rejection.values()) {
            rejected.put(r, Counter.builder("ballast_webhook_rejected")
                    .description("Requests or connections the webhook answered without judging, by reason")
                    .tag("reason", r.tag()).register(registry));
        }
    }

    /** Gauges read from the live state: open connections, buffered request bytes, reviews on workers. */
    static void levels(MeterRegistry registry, Supplier<Number> open, Supplier<Number> buffered, Supplier<Number> inFlight) {
        Gauge.builder("ballast_webhook_open_connections", open).description("Connections open now").register(registry);
        Gauge.builder("ballast_webhook_buffered_bytes", buffered).description("Request bytes held now").register(registry);
        Gauge.builder("ballast_webhook_in_flight", inFlight).description("Reviews being judged on workers now").register(registry);
    }

    void connection() {
        connections.increment();
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }
}
