package dev.ballast.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The webhook as tests run it: the operator process with its self-provisioned certificate (IP SAN 127.0.0.1) in
 * a test namespace, and the shipped ValidatingWebhookConfiguration (manifests/40-webhook.yaml) re-pointed from the
 * in-cluster Service to {@code https://127.0.0.1:PORT/validate}, since this control plane runs no pods.
 */
public final class WebhookFixture {
    static final String SECRET = "ballast-webhook-tls";
    static final String CA_SECRET = "ballast-webhook-ca";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private WebhookFixture() {
    }

    public static Map<String, String> env(String namespace, int port, String configurationName) {
        Map<String, String> env = new HashMap<>();
        env.put("BALLAST_WEBHOOK_ENABLED", "true");
        env.put("BALLAST_NAMESPACE", namespace);
        env.put("BALLAST_WEBHOOK_PORT", String.valueOf(port));
        env.put("BALLAST_WEBHOOK_HOST", "127.0.0.1");
        env.put("BALLAST_WEBHOOK_EXTRA_IPS", "127.0.0.1");
        env.put("BALLAST_WEBHOOK_CONFIGURATION_NAME", configurationName);
        env.put("BALLAST_WEBHOOK_CHECK_INTERVAL", "2s");
        return env;
    }

    /**
     * The shipped configuration renamed and re-pointed at a loopback URL, without caBundle (the operator sets it).
     * {@code namespaceLabels}, when given, replaces the shipped namespaceSelector so a load test stays in its namespace.
     */
    public static String registration(Path root, String name, int port, Map<String, String> namespaceLabels) throws Exception {
        ObjectNode configuration = (ObjectNode) YAML.readTree(root.resolve("manifests/40-webhook.yaml").toFile());
        ((ObjectNode) configuration.get("metadata")).put("name", name);
        for (JsonNode webhook : configuration.get("webhooks")) {
            ((ObjectNode) webhook).putObject("clientConfig").put("url", "https://127.0.0.1:" + port + "/validate");
            if (namespaceLabels != null) {
                ObjectNode labels = ((ObjectNode) webhook).putObject("namespaceSelector").putObject("matchLabels");
                namespaceLabels.forEach(labels::put);
            }
        }
        return YAML.writeValueAsString(configuration);
    }

    /** The shipped MutatingWebhookConfiguration (manifests/41-mutating-webhook.yaml), renamed and re-pointed likewise. */
    public static String mutatingRegistration(Path root, String name, int port) throws Exception {
        ObjectNode configuration = (ObjectNode) YAML.readTree(root.resolve("manifests/41-mutating-webhook.yaml").toFile());
        ((ObjectNode) configuration.get("metadata")).put("name", name);
        for (JsonNode webhook : configuration.get("webhooks")) {
            ((ObjectNode) webhook).putObject("clientConfig").put("url", "https://127.0.0.1:" + port + "/mutate");
        }
        return YAML.writeValueAsString(configuration);
    }

    /** Waits until every webhook of the MutatingWebhookConfiguration carries a caBundle. */
    public static String awaitMutatingCaBundle(KubernetesClient client, String name, Duration timeout) {
        var configuration = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name)
                .waitUntilCondition(c -> c != null && c.getWebhooks().stream().allMatch(w -> w.getClientConfig().getCaBundle() != null
                        && !w.getClientConfig().getCaBundle().isEmpty()), timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        return configuration.getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    /** Waits for the operator's Secret and writes its ca.crt to a file a test client can trust. */
    public static Path caFile(KubernetesClient client, String namespace, Path dir) throws Exception {
        Secret secret = client.secrets().inNamespace(namespace).withName(SECRET)
                .waitUntilCondition(s -> s != null && s.getData() != null && s.getData().containsKey("ca.crt"),
                        60, java.util.concurrent.TimeUnit.SECONDS);
        Path ca = dir.resolve("ca.crt");
        Files.write(ca, Base64.getDecoder().decode(secret.getData().get("ca.crt")));
        return ca;
    }

    /** Waits until every webhook of the configuration carries a caBundle. */
    public static String awaitCaBundle(KubernetesClient client, String name, Duration timeout) {
        var configuration = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name)
                .waitUntilCondition(c -> c != null && c.getWebhooks().stream().allMatch(w -> w.getClientConfig().getCaBundle() != null
                        && !w.getClientConfig().getCaBundle().isEmpty()), timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        return configuration.getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    /** An HTTPS client context that trusts only the given CA certificate (the webhook's ca.crt). */
    public static SSLContext trusting(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
