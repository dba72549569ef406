package dev.ballast.admission;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the webhook serves TLS, so the Service only sends admission calls to replicas that can answer. */
@Readiness
@ApplicationScoped
public class WebhookReadiness implements HealthCheck {
    private final WebhookServer server;

    public WebhookReadiness(WebhookServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("admission-webhook").status(server.healthy());
        // not serving counts as ready, but says so: a registration pointing at this process would not be answered
        String reason = server.disabledReason();
        return (reason == null ? response : response.withData("webhook", reason)).build();
    }
}
