package dev.ballast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings every role reads ({@code ballast.*} in application.properties, or BALLAST_* environment variables). The
 * settings of one part live beside it: {@link ControllerConfig}, {@link WebhookConfig}, {@link ReportConfig}.
 */
@ConfigMapping(prefix = "ballast")
public interface BallastConfig {
    /** Ballast's own namespace: never evaluated, holds the leader-election Lease and the webhook's TLS Secret. */
    @WithDefault("ballast-system")
    String namespace();

    /**
     * Which parts this process runs: {@code controller} (reconciler, PolicyReports, Events, remediation, report),
     * {@code webhook} (admission only) or {@code all}. Read through {@link Role#of(BallastConfig)}.
     */
    @WithDefault("all")
    String role();
}
