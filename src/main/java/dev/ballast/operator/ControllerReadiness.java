package dev.ballast.operator;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the operator has started and its event sources are healthy; always ready in the webhook role, which
 * does not run it (QOSDK's own check is off: it would report a webhook-only process as down).
 */
@Readiness
@ApplicationScoped
public class ControllerReadiness implements HealthCheck {
    private final OperatorLifecycle lifecycle;

    public ControllerReadiness(OperatorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("controller").status(lifecycle.ready()).build();
    }
}
