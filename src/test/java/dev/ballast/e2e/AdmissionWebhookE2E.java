package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import dev.ballast.admission.AdmissionDecider;
import dev.ballast.admission.tls.CertificateIssuer;
import dev.ballast.admission.tls.Pem;
import dev.ballast.admission.tls.TlsBundle;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kube-apiserver calling the real webhook over TLS: Warn, Enforce, UPDATE leniency, dry-run, PeerAuthentications,
 * ConfigMaps by field manager, malformed bodies, and a stopped webhook with failurePolicy Ignore.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionWebhookE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(60);
    static OperatorProcess webhook;
    static Path tls;
    static int httpsPort;
    static String ns;
    static String originalCa;
    static String originalCaKey;
    static String expiringCert;

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        tls = Files.createTempDirectory("ballast-tls");
        try (ServerSocket s = new ServerSocket(0)) {
            httpsPort = s.getLocalPort();
        }
        cluster.installCrds("hack/controlplane/peerauthentication-crd.yaml");
        ok(cluster.kubectl("label", "namespace", ns, "ballast-admission=" + ns, "--overwrite"));
        ok(cluster.kubectlWithStdin("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: "
                + ns + "}\nspec: {mtls: {mode: STRICT}}\n", "apply", "-f", "-"));
        // a certificate about to expire, from an authority of Ballast's own making: the webhook must renew it on start
        var authority = CertificateIssuer.authority("ballast-webhook-ca", Instant.now(), Duration.ofDays(3650));
        var expiring = CertificateIssuer.serving(authority, List.of("ballast"), List.of("127.0.0.1"), Instant.now(), Duration.ofDays(2));
        originalCa = Pem.certificate(authority.certificate());
        originalCaKey = Pem.privateKey(authority.keys().getPrivate());
        expiringCert = Pem.certificate(expiring.certificate());
        cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(home()).endMetadata().build()).create();
        cluster.client().secrets().inNamespace(home()).resource(new SecretBuilder().withNewMetadata().withName(WebhookFixture.SECRET)
                .endMetadata().withType("kubernetes.io/tls").withStringData(oldLayout(originalCa, originalCaKey, expiringCert,
                        Pem.privateKey(expiring.keys().getPrivate()))).build()).create();
        policy("Warn");
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), httpsPort, null),
                "apply", "-f", "-"));
        webhook = OperatorProcess.start(cluster.plane(), "webhook", WebhookFixture.env(home(), httpsPort, configuration()));
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
        WebhookFixture.caFile(cluster.client(), home(), tls);
        // registration takes effect asynchronously: wait until a violating dry-run comes back with warnings
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment("probe", 30, false),
                "apply", "--dry-run=server", "-f", "-").err()).contains("Warning: admission-" + ns + "/probe-timeout"));
    }

    /** One Secret holding all four entries, ca.key included: the layout before the authority got a Secret of its own. */
    static Map<String, String> oldLayout(String ca, String caKey, String cert, String key) {
        return Map.of(TlsBundle.CA_CRT, ca, TlsBundle.CA_KEY, caKey, TlsBundle.TLS_CRT, cert, TlsBundle.TLS_KEY, key);
    }

    /** Ballast's own namespace (holds its Secret); never judged, so not the namespace under test. */
    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-e2e-" + ns;
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", "admission-" + ns, "admission-kube-system-" + ns, "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "deployment", "-n", "kube-system", "ballast-e2e-" + ns, "--ignore-not-found");
        cluster.kubectl("delete", "namespace", home(), "--ignore-not-found", "--wait=false");
        if (webhook != null) {
            webhook.close();
        }
    }

    static void policy(String mode) {
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: admission-%s}
                spec:
                  mode: %s
                  match:
                    namespaceSelector: {matchLabels: {ballast-admission: %s}}
                  rules:
                    probes: {}
                    securityContext: {runAsNonRoot: false, seccompProfile: RuntimeDefault}
                    autoscaling: {maxTargetCPUUtilization: 60}
                    mtls: {requireSidecar: false}
                    gitops: {allowedManagers: [argocd-controller]}
                """.formatted(ns, mode, ns), "apply", "-f", "-"));
    }

    static String deployment(String name, int timeout, boolean hostPid) {
        return E2eManifests.deployment(ns, name, """
                securityContext: {seccompProfile: {type: RuntimeDefault}}
                hostPID: %s
                """.formatted(hostPid) + E2eManifests.probedContainer(timeout,
                "securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}"));
    }

    @Test
    @Order(0)
    void renewsAnExpiringCertificateFromTheSameAuthorityAndPatchesCaBundle() throws Exception {
        var secret = cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.SECRET).get();
        String ca = decode(secret.getData().get("ca.crt"));
        String cert = decode(secret.getData().get("tls.crt"));
        assertThat(cert).isNotEqualTo(expiringCert);
        assertThat(ca).isEqualTo(originalCa);
        var serving = Pem.certificates(cert).get(0);
        serving.verify(Pem.certificates(ca).get(0).getPublicKey());
        assertThat(serving.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(300)));
        assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("ballast-webhook." + home() + ".svc", "127.0.0.1");
        assertThat(decode(WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT))).isEqualTo(ca);
    }

    @Test
    @Order(0)
    void anOldLayoutSecretIsMigratedKeepingItsAuthority() {
        var serving = cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.SECRET).get();
        assertThat(serving.getData()).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
        var authority = cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.CA_SECRET).get();
        assertThat(authority).as("Secret " + WebhookFixture.CA_SECRET).isNotNull();
        assertThat(decode(authority.getData().get("ca.key"))).isEqualTo(originalCaKey);
        assertThat(decode(authority.getData().get("ca.crt"))).isEqualTo(originalCa);
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    @Order(1)
    void warnAdmitsWithOneShortWarningPerViolation() {
        var apply = ok(cluster.kubectlWithStdin(deployment("warned", 30, false), "apply", "-f", "-"));
        List<String> warnings = apply.err().lines().filter(l -> l.startsWith("Warning: ")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("Warning: admission-" + ns + "/probe-timeout: container \"app\": ")
                .contains("readinessProbe.timeoutSeconds is 30");
        assertThat(warnings.get(0).length() - "Warning: ".length()).isLessThanOrEqualTo(AdmissionDecider.MAX_LINE);
    }

    @Test
    @Order(2)
    void enforceDeniesNewViolationsAndDryRunAgrees() {
        policy("Enforce");
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment("denied", 30, false),
                "apply", "--dry-run=server", "-f", "-").code()).isNotZero());
        var dry = cluster.kubectlWithStdin(deployment("denied", 30, false), "apply", "--dry-run=server", "-f", "-");
        var real = cluster.kubectlWithStdin(deployment("denied", 30, false), "apply", "-f", "-");
        assertThat(real.code()).isNotZero();
        assertThat(real.err()).contains("denied the request: Ballast denied this change (").contains("\nadmission-" + ns
                + "/probe-timeout: container \"app\": readinessProbe.timeoutSeconds is 30, policy maximum is 10");
        assertThat(dry.err()).contains("probe-timeout");
        assertThat(cluster.kubectl("get", "deployment", "denied", "-n", ns).code()).isNotZero();
        ok(cluster.kubectlWithStdin(deployment("compliant", 5, false), "apply", "-f", "-"));
    }

    @Test
    @Order(3)
    void updatesOfViolatingWorkloadsPassButNewViolationsAreDenied() {
        String bumped = deployment("warned", 30, false).replace("example/app:1", "example/app:2");
        var bump = ok(cluster.kubectlWithStdin(bumped, "apply", "-f", "-"));
        assertThat(bump.err()).contains("Warning: existing admission-" + ns + "/probe-timeout: ");
        var worse = cluster.kubectlWithStdin(deployment("warned", 30, true), "apply", "-f", "-");
        assertThat(worse.code()).isNotZero();
        String denial = worse.err().substring(worse.err().indexOf("denied the request"));
        assertThat(denial).contains("(1 violation):\nadmission-" + ns + "/host-namespaces: pod sets hostPID: true")
                .doesNotContain("probe-timeout");
        assertThat(worse.err()).contains("Warning: existing admission-" + ns + "/probe-timeout: ");
    }

    @Test
    @Order(4)
    void permissivePeerAuthenticationIsDenied() {
        var pa = cluster.kubectlWithStdin("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: open, namespace: %s}
                spec: {mtls: {mode: PERMISSIVE}}
                """.formatted(ns), "apply", "-f", "-");
        assertThat(pa.code()).isNotZero();
        assertThat(pa.err()).contains("mtls-permissive-policy");
    }

    @Test
    @Order(5)
    void configMapsAreJudgedByTheirFieldManager() {
        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: " + ns + "}\ndata: {a: b}\n";
        var byHand = cluster.kubectlWithStdin(cm, "apply", "--server-side", "--field-manager=alice", "-f", "-");
        assertThat(byHand.code()).isNotZero();
        assertThat(byHand.err()).contains("gitops-unmanaged-change").contains("\"alice\"");
        ok(cluster.kubectlWithStdin(cm, "apply", "--server-side", "--field-manager=argocd-controller", "-f", "-"));
    }

    @Test
    @Order(6)
    void malformedAndOversizedReviewsNeverGet500() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(WebhookFixture.trusting(tls.resolve("ca.crt"))).build();
        List<String> bodies = List.of("", "{", "[]", "null", "42", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\","
                        + "\"kind\":{\"kind\":\"Deployment\"},\"object\":{\"kind\":\"Deployment\",\"spec\":\"nonsense\"}}}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\","
                        + "\"kind\":{\"kind\":\"Deployment\"},\"object\":{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"x\"},"
                        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"readinessProbe\":{\"timeoutSeconds\":\"ten\"}}]}}}}}}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\","
                        + "\"kind\":{\"kind\":\"ConfigMap\"},\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\""
                        + "a".repeat(3_000_000) + "\"}}}}",
                "{\"x\":\"" + "a".repeat(6_000_000) + "\"}");
        java.util.Random random = new java.util.Random(42);
        List<String> fuzz = new java.util.ArrayList<>(bodies);
        for (int i = 0; i < 200; i++) {
            String base = bodies.get(random.nextInt(bodies.size() - 2));
            int cut = base.isEmpty() ? 0 : random.nextInt(base.length());
            fuzz.add(base.substring(0, cut) + (char) random.nextInt(128) + base.substring(cut));
        }
        for (String body : fuzz) {
            HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/validate"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // over the 4 MiB limit the server answers 413 and may close the connection mid-upload
                assertThat(body.length()).as("connection closed on a body of " + body.length() + " chars").isGreaterThan(4_000_000);
                continue;
            }
            assertThat(r.statusCode()).as(body.length() > 200 ? body.substring(0, 200) : body).isIn(200, 400, 413);
        }
        var get = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/validate")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        var elsewhere = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/convert"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("POST /validate and /mutate");
        var notAReview = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/mutate"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notAReview.statusCode()).as("/mutate reads reviews as strictly as /validate").isEqualTo(400);
        assertThat(webhook.alive()).isTrue();
    }

    @Test
    @Order(7)
    void requestsInKubeSystemNeverReachIt() throws Exception {
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: admission-kube-system-%s}
                spec:
                  mode: Enforce
                  match:
                    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                    excludeNamespaces: []
                  rules: {probes: {}}
                """.formatted(ns), "apply", "-f", "-"));
        String violating = deployment("ballast-e2e-" + ns, 30, false).replace("namespace: " + ns, "namespace: kube-system");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var request = json.createObjectNode().put("uid", "k").put("operation", "CREATE").put("namespace", "kube-system");
        request.putObject("kind").put("kind", "Deployment");
        request.set("object", new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(violating));
        var review = json.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", request);
        // asked directly, the webhook denies it: the policy does select kube-system
        await().atMost(WAIT).untilAsserted(() -> assertThat(post(review.toString()).body()).contains("\"allowed\":false"));
        double before = reviewsServed();
        ok(cluster.kubectlWithStdin(violating, "apply", "-f", "-"));
        assertThat(reviewsServed()).as("reviews counted by the webhook").isEqualTo(before);
    }

    double reviewsServed() throws Exception {
        return PrometheusText.sum(webhook.get("/q/metrics").body(), "ballast_admission_duration_seconds_count");
    }

    HttpResponse<String> post(String body) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(WebhookFixture.trusting(tls.resolve("ca.crt"))).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/validate"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(8)
    void aRestartedWebhookReusesItsCertificate() throws Exception {
        String version = cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.SECRET).get()
                .getMetadata().getResourceVersion();
        webhook.close();
        webhook = OperatorProcess.start(cluster.plane(), "webhook-restarted", WebhookFixture.env(home(), httpsPort, configuration()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(post("{}").statusCode()).isEqualTo(400));
        assertThat(cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.SECRET).get()
                .getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    @Order(9)
    void aStoppedWebhookNeverBlocksTheCluster() throws Exception {
        webhook.close();
        ok(cluster.kubectlWithStdin(deployment("while-down", 30, true), "apply", "-f", "-"));
    }
}
