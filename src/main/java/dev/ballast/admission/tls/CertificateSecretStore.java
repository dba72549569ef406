package dev.ballast.admission.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Keeps the webhook's TLS material in two Secrets in Ballast's namespace: the serving Secret (tls.crt, tls.key,
 * ca.crt) and the authority's Secret (ca.crt, ca.key). It reads both, renews when {@link CertificateRotation} says
 * so, and writes with the resourceVersion it read, so two replicas starting together end up serving the same
 * certificate (the loser of a create or update race re-reads the winner's). A serving Secret from before the split
 * still holding ca.key is migrated: the key is copied to the authority's Secret first, then removed from the serving
 * Secret, so the authority (and the caBundle kube-apiserver trusts) survives the upgrade.
 */
public final class CertificateSecretStore {
    private static final Logger LOG = Logger.getLogger(CertificateSecretStore.class);
    private static final int ATTEMPTS = 5;
    private final KubernetesClient client;
    private final String namespace;
    private final String servingName;
    private final String authorityName;

    public CertificateSecretStore(KubernetesClient client, String namespace, String servingName, String authorityName) {
        this.client = client;
        this.namespace = namespace;
        this.servingName = servingName;
        this.authorityName = authorityName;
    }

    /** The material to serve, created, renewed or migrated first when needed. */
    public TlsBundle ensure(CertificateRotation.Settings settings, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Secret serving = read(servingName);
            Secret authority = read(authorityName);
            TlsBundle existing = TlsBundle.fromSecrets(decode(serving), decode(authority));
            var decision = CertificateRotation.decide(existing, settings, now);
            TlsBundle wanted = decision.verdict() == CertificateRotation.Verdict.KEEP ? existing
                    : CertificateRotation.renew(decision, existing, settings, now);
            try {
                // the authority first: a failure between the two writes leaves the key in both places, never in none
                boolean wroteAuthority = writeIfDifferent(authority, authorityName, "Opaque", wanted.authorityData());
                boolean wroteServing = writeIfDifferent(serving, servingName, "kubernetes.io/tls", wanted.servingData());
                if (wroteAuthority || wroteServing) {
                    LOG.infof("webhook TLS: wrote %s%s%s in %s (%s: %s)", wroteAuthority ? "Secret " + authorityName : "",
                            wroteAuthority && wroteServing ? " and " : "", wroteServing ? "Secret " + servingName : "",
                            namespace, decision.verdict(), decision.reason());
                }
                return wanted;
            } catch (KubernetesClientException e) {
                if ((e.getCode() != 409 && e.getCode() != 404) || attempt >= ATTEMPTS) {
                    throw e;
                }
                // another replica wrote it first (or deleted it): read theirs
            }
        }
    }

    private Secret read(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** Writes the Secret when its data is not exactly {@code wanted} (so a leftover ca.key is removed); true if it did. */
    private boolean writeIfDifferent(Secret current, String name, String type, Map<String, String> wanted) {
        if (current != null && wanted.equals(decode(current))) {
            return false;
        }
        Map<String, String> data = new HashMap<>();
        wanted.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
        if (current == null) {
            client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/name", "ballast").addToLabels("app.kubernetes.io/component", "webhook")
                    .endMetadata().withType(type).withData(data).build()).create();
        } else {
            // update, not patch: carries the resourceVersion read above, so a concurrent renewal fails with 409
            client.secrets().inNamespace(namespace).resource(new SecretBuilder(current).withData(data).build()).update();
        }
        return true;
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
        if (stale(configuration.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).toList(), encoded)) {
            resource.edit(c -> {
                c.getWebhooks().forEach(w -> setCaBundle(w.getClientConfig(), encoded));
                return c;
            });
            LOG.infof("webhook TLS: caBundle set on ValidatingWebhookConfiguration %s", configurationName);
        }
        return true;
    }

    /** As {@link #patchCaBundle} for the MutatingWebhookConfiguration of the same name (/mutate). */
    public boolean patchMutatingCaBundle(String configurationName, String caPem) {
        String encoded = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        var resource = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(configurationName);
        MutatingWebhookConfiguration configuration = resource.get();
        if (configuration == null) {
            return false;
        }
        if (stale(configuration.getWebhooks().stream().map(MutatingWebhook::getClientConfig).toList(), encoded)) {
            resource.edit(c -> {
                c.getWebhooks().forEach(w -> setCaBundle(w.getClientConfig(), encoded));
                return c;
            });
            LOG.infof("webhook TLS: caBundle set on MutatingWebhookConfiguration %s", configurationName);
        }
        return true;
    }

    private static boolean stale(List<WebhookClientConfig> configs, String encoded) {
        return configs.stream().anyMatch(c -> c == null || !Objects.equals(encoded, c.getCaBundle()));
    }

    private static void setCaBundle(WebhookClientConfig config, String encoded) {
        if (config != null) {
            config.setCaBundle(encoded);
        }
    }

    private static Map<String, String> decode(Secret secret) {
        if (secret == null || secret.getData() == null) {
            return Map.of();
        }
        Map<String, String> decoded = new HashMap<>();
        secret.getData().forEach((k, v) -> {
            try {
                decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException notBase64) {
                // left out: the bundle is then incomplete and renewed
            }
        });
        return decoded;
    }
}
