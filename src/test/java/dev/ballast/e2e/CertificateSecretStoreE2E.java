package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.admission.tls.CertificateRotation;
import dev.ballast.admission.tls.CertificateSecretStore;
import dev.ballast.admission.tls.TlsBundle;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two-Secret layout of the webhook's TLS material against the real API server: creation, migration, repair. */
class CertificateSecretStoreE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final CertificateRotation.Settings SETTINGS = new CertificateRotation.Settings(List.of("ballast-webhook.test.svc"),
            List.of("127.0.0.1"), Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(3650), Duration.ofDays(365));
    String home;
    CertificateSecretStore store;

    @BeforeEach
    void namespace() {
        home = cluster.namespace() + "-tls-" + Long.toString(System.nanoTime() % 100000);
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(home).endMetadata().build()).create();
        store = new CertificateSecretStore(cluster.client(), home, WebhookFixture.SECRET, WebhookFixture.CA_SECRET);
    }

    @AfterEach
    void remove() {
        cluster.kubectl("delete", "namespace", home, "--wait=false");
    }

    @Test
    void aFirstStartWritesTheKeyOnlyToTheAuthoritySecretAndASecondWritesNothing() {
        TlsBundle bundle = store.ensure(SETTINGS, Instant.now());
        assertThat(data(WebhookFixture.SECRET)).isEqualTo(bundle.servingData()).doesNotContainKey(TlsBundle.CA_KEY);
        assertThat(data(WebhookFixture.CA_SECRET)).isEqualTo(bundle.authorityData());
        String servingVersion = secret(WebhookFixture.SECRET).getMetadata().getResourceVersion();
        String authorityVersion = secret(WebhookFixture.CA_SECRET).getMetadata().getResourceVersion();
        assertThat(store.ensure(SETTINGS, Instant.now())).isEqualTo(bundle);
        assertThat(secret(WebhookFixture.SECRET).getMetadata().getResourceVersion()).isEqualTo(servingVersion);
        assertThat(secret(WebhookFixture.CA_SECRET).getMetadata().getResourceVersion()).isEqualTo(authorityVersion);
    }

    @Test
    void anOldLayoutKeepsItsCertificateAndAuthorityWhileTheKeyMoves() {
        TlsBundle old = CertificateRotation.renew(CertificateRotation.decide(null, SETTINGS, Instant.now()), null, SETTINGS, Instant.now());
        Map<String, String> oldLayout = new HashMap<>(old.servingData());
        oldLayout.put(TlsBundle.CA_KEY, old.caKeyPem());
        cluster.client().secrets().inNamespace(home).resource(new SecretBuilder().withNewMetadata().withName(WebhookFixture.SECRET)
                .endMetadata().withType("kubernetes.io/tls").withStringData(oldLayout).build()).create();
        assertThat(store.ensure(SETTINGS, Instant.now())).isEqualTo(old);
        assertThat(data(WebhookFixture.SECRET)).isEqualTo(old.servingData());
        assertThat(data(WebhookFixture.CA_SECRET)).isEqualTo(old.authorityData());
    }

    @Test
    void aDeletedServingSecretIsReissuedByTheSameAuthority() throws Exception {
        TlsBundle first = store.ensure(SETTINGS, Instant.now());
        cluster.client().secrets().inNamespace(home).withName(WebhookFixture.SECRET).delete();
        cluster.client().secrets().inNamespace(home).withName(WebhookFixture.SECRET).waitUntilCondition(s -> s == null,
                30, java.util.concurrent.TimeUnit.SECONDS);
        TlsBundle second = store.ensure(SETTINGS, Instant.now());
        assertThat(second.caPem()).isEqualTo(first.caPem());
        assertThat(second.certPem()).isNotEqualTo(first.certPem());
        dev.ballast.admission.tls.Pem.certificates(second.certPem()).get(0)
                .verify(dev.ballast.admission.tls.Pem.certificates(first.caPem()).get(0).getPublicKey());
        assertThat(data(WebhookFixture.SECRET)).isEqualTo(second.servingData());
    }

    Secret secret(String name) {
        return cluster.client().secrets().inNamespace(home).withName(name).get();
    }

    Map<String, String> data(String name) {
        Map<String, String> decoded = new HashMap<>();
        secret(name).getData().forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII)));
        return decoded;
    }
}
