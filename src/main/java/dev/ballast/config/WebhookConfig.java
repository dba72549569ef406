package dev.ballast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The admission webhook: its own HTTPS port, with a certificate Ballast provisions and renews itself. */
@ConfigMapping(prefix = "ballast.webhook")
public interface WebhookConfig {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("8443")
    int port();

    @WithDefault("0.0.0.0")
    String host();

    /** The Service kube-apiserver calls; its DNS names go into the serving certificate. */
    @WithDefault("ballast-webhook")
    String serviceName();

    /** The serving certificate: tls.crt, tls.key and ca.crt (what kube-apiserver trusts). */
    @WithDefault("ballast-webhook-tls")
    String secretName();

    /** The authority's private key (ca.key, with its ca.crt), kept apart from what the webhook serves. */
    @WithDefault("ballast-webhook-ca")
    String caSecretName();

    /** The ValidatingWebhookConfiguration whose caBundle Ballast keeps current. */
    @WithDefault("ballast")
    String configurationName();

    /** More DNS names for the serving certificate (a URL-registered webhook, an ingress). */
    Optional<List<String>> extraHosts();

    /** IP addresses for the serving certificate. */
    Optional<List<String>> extraIps();

    @WithDefault("365d")
    Duration certificateValidity();

    /** The serving certificate is renewed this long before it expires (the authority a year before its ten). */
    @WithDefault("30d")
    Duration renewBefore();

    /** How often the Secret and the caBundle are checked: picks up renewals by other replicas, heals edits. */
    @WithDefault("1m")
    Duration checkInterval();

    /**
     * A review not decided by then gets a 503, well inside kube-apiserver's 5 s timeout, so the API server
     * applies the failurePolicy instead of waiting.
     */
    @WithDefault("2s")
    Duration deadline();

    /** Requests larger than this are refused with 413 (ConfigMaps and Secrets reach 1 MiB). */
    @WithDefault("4194304")
    int maxBodyBytes();

    /**
     * Request bytes held at once across all connections, reserved as they arrive and kept until the reply: a
     * request that would pass it gets 503 and its connection closed. Bounds the heap under many slow uploads.
     */
    @WithDefault("33554432")
    long maxBufferedBytes();

    /** Open connections at most; more are closed at once (kube-apiserver keeps a few alive). */
    @WithDefault("256")
    int maxConnections();

    /** Reviews judged off the event loop at once; more get 503 at once, never a queue. */
    @WithDefault("4")
    int maxInFlight();

    /** A connection must deliver a request's headers this soon after it opens or after the last reply. */
    @WithDefault("10s")
    Duration headerTimeout();

    /** ... and the whole body this soon after the headers; slower clients get 408 and are closed. */
    @WithDefault("5s")
    Duration bodyTimeout();

    /** Workloads with more containers (all kinds together) are allowed unjudged, with a warning saying so. */
    @WithDefault("256")
    int maxContainers();

    /** Violations named in a denial message and in the warnings; the rest are counted ("and N more"). */
    @WithDefault("20")
    int maxViolations();
}
