package dev.ballast.admission.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Keeps the webhook's TLS material in a Secret in Ballast's namespace: reads it, renews it when
 * {@link CertificateRotation} says so, and writes with the resourceVersion it read, so two replicas starting together
 * end up serving the same certificate (the loser of a create or update race re-reads the winner's).
 */
public final class CertificateSecretStore {
    private static final Logger LOG = Logger.getLogger(CertificateSecretStore.class);
    private static final int ATTEMPTS = 5;
    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public CertificateSecretStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /** The material to serve, created or renewed first when needed. */
    public TlsBundle ensure(CertificateRotation.Settings settings, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            TlsBundle existing = secret == null ? null : TlsBundle.fromData(decode(secret.getData()));
            var decision = CertificateRotation.decide(existing, settings, now);
            if (decision.verdict() == CertificateRotation.Verdict.KEEP) {
                return existing;
            }
            TlsBundle renewed = CertificateRotation.renew(decision, existing, settings, now);
            try {
                write(secret, renewed);
                LOG.infof("webhook TLS: wrote Secret %s/%s (%s: %s)", namespace, name, decision.verdict(), decision.reason());
                return renewed;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
                // another replica wrote it first: read theirs
            }
        }
    }

    private void write(Secret current, TlsBundle bundle) {
        Map<String, String> data = new HashMap<>();
        bundle.toData().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
        if (current == null) {
            client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/name", "ballast").addToLabels("app.kubernetes.io/component", "webhook")
                    .endMetadata().withType("kubernetes.io/tls").withData(data).build()).create();
        } else {
            // update, not patch: carries the resourceVersion read above, so a concurrent renewal fails with 409
            Secret updated = new SecretBuilder(current).withData(data).build();
            client.secrets().inNamespace(namespace).resource(updated).update();
        }
    }

    /**
     * Sets caBundle on every webhook of the named configuration where it differs. Returns false when the
     * configuration does not exist (yet): it is applied separately and checked again on the next round.
     */
    public boolean patchCaBundle(String configurationName, String caPem) {
        String encoded = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        var resource = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(configurationName);
        ValidatingWebhookConfiguration configuration = resource.get();
        if (configuration == null) {
            return false;
        }
        boolean stale = configuration.getWebhooks().stream()
                .anyMatch(w -> w.getClientConfig() == null || !Objects.equals(encoded, w.getClientConfig().getCaBundle()));
        if (stale) {
            resource.edit(c -> {
                for (ValidatingWebhook webhook : c.getWebhooks()) {
                    if (webhook.getClientConfig() != null) {
                        webhook.getClientConfig().setCaBundle(encoded);
                    }
                }
                return c;
            });
            LOG.infof("webhook TLS: caBundle set on ValidatingWebhookConfiguration %s", configurationName);
        }
        return true;
    }

    private static Map<String, String> decode(Map<String, String> data) {
        if (data == null) {
            return Map.of();
        }
        Map<String, String> decoded = new HashMap<>();
        data.forEach((k, v) -> {
            try {
                decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException notBase64) {
                // left out: the bundle is then incomplete and renewed
            }
        });
        return decoded;
    }
}
