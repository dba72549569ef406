package dev.ballast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTML/JSON/Markdown cluster report: its own listener, on loopback unless configured otherwise. */
@ConfigMapping(prefix = "ballast.report")
public interface ReportConfig {
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("8081")
    int port();

    /** Open connections at most; more are closed at once (a person with a browser, a port-forward). */
    @WithDefault("32")
    int maxConnections();

    /** A connection must deliver a request's headers this soon after it opens or after the last reply. */
    @WithDefault("10s")
    java.time.Duration headerTimeout();
}
