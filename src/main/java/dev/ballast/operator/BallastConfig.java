package dev.ballast.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator settings ({@code ballast.*} in application.properties, or BALLAST_* environment variables). */
@ConfigMapping(prefix = "ballast")
public interface BallastConfig {
    /** Ballast's own namespace: never evaluated, holds the leader-election Lease and the webhook's TLS Secret. */
    @WithDefault("ballast-system")
    String namespace();

    /** How many violations a policy's status lists (most severe first); PolicyReports hold all results. */
    @WithDefault("50")
    int statusViolations();

    /** How many recent HPA remediations a policy's status lists. */
    @WithDefault("10")
    int statusRemediations();

    /** Results per PolicyReport at most, so a report stays far below etcd's 1.5 MiB object limit. */
    @WithDefault("500")
    int policyReportMaxResults();

    /**
     * Which parts this process runs: {@code controller} (reconciler, PolicyReports, Events, remediation, report),
     * {@code webhook} (admission only) or {@code all}. Read through {@link Role#of(BallastConfig)}.
     */
    @WithDefault("all")
    String role();

    LeaderElection leaderElection();

    Webhook webhook();

    Report report();

    /** The HTML/JSON/Markdown cluster report: its own listener, on loopback unless configured otherwise. */
    interface Report {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("8081")
        int port();
    }

    /** The admission webhook: its own HTTPS port, with a certificate Ballast provisions and renews itself. */
    interface Webhook {
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
        java.util.Optional<java.util.List<String>> extraHosts();

        /** IP addresses for the serving certificate. */
        java.util.Optional<java.util.List<String>> extraIps();

        @WithDefault("365d")
        java.time.Duration certificateValidity();

        /** The serving certificate is renewed this long before it expires (the authority a year before its ten). */
        @WithDefault("30d")
        java.time.Duration renewBefore();

        /** How often the Secret and the caBundle are checked: picks up renewals by other replicas, heals edits. */
        @WithDefault("1m")
        java.time.Duration checkInterval();

        /**
         * A review not decided by then gets a 503, well inside kube-apiserver's 5 s timeout, so the API server
         * applies the failurePolicy instead of waiting.
         */
        @WithDefault("2s")
        java.time.Duration deadline();

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
        java.time.Duration headerTimeout();

        /** ... and the whole body this soon after the headers; slower clients get 408 and are closed. */
        @WithDefault("5s")
        java.time.Duration bodyTimeout();

        /** Workloads with more containers (all kinds together) are allowed unjudged, with a warning saying so. */
        @WithDefault("256")
        int maxContainers();

        /** Violations named in a denial message and in the warnings; the rest are counted ("and N more"). */
        @WithDefault("20")
        int maxViolations();
    }

    interface LeaderElection {
        /** On in-cluster (two replicas are safe); off for local runs. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("ballast-operator")
        String leaseName();
    }
}
