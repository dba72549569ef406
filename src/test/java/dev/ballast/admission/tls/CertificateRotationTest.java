package dev.ballast.admission.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.admission.tls.CertificateRotation.Verdict;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRotationTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final CertificateRotation.Settings SETTINGS = settings(List.of("ballast.ballast-system.svc"), List.of("127.0.0.1"));

    static CertificateRotation.Settings settings(List<String> hosts, List<String> ips) {
        return new CertificateRotation.Settings(hosts, ips, Duration.ofDays(365), Duration.ofDays(30),
                Duration.ofDays(3650), Duration.ofDays(365));
    }

    static TlsBundle fresh() {
        var decision = CertificateRotation.decide(null, SETTINGS, NOW);
        assertThat(decision.verdict()).isEqualTo(Verdict.NEW_AUTHORITY);
        return CertificateRotation.renew(decision, null, SETTINGS, NOW);
    }

    @Test
    void aNewBundleIsSignedByItsAuthorityNamesEveryHostAndIsKeptAfterwards() throws Exception {
        TlsBundle bundle = fresh();
        X509Certificate ca = Pem.certificates(bundle.caPem()).get(0);
        X509Certificate serving = Pem.certificates(bundle.certPem()).get(0);
        serving.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(serving.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
                .containsExactly("ballast.ballast-system.svc", "127.0.0.1");
        assertThat(serving.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(CertificateRotation.decide(bundle, SETTINGS, NOW.plus(Duration.ofDays(300))).verdict()).isEqualTo(Verdict.KEEP);
    }

    @Test
    void nearExpiryTheServingCertificateIsReissuedByTheSameAuthority() throws Exception {
        TlsBundle bundle = fresh();
        Instant later = NOW.plus(Duration.ofDays(340));
        var decision = CertificateRotation.decide(bundle, SETTINGS, later);
        assertThat(decision.verdict()).isEqualTo(Verdict.REISSUE);
        assertThat(decision.reason()).contains("expires");
        TlsBundle renewed = CertificateRotation.renew(decision, bundle, SETTINGS, later);
        assertThat(renewed.caPem()).isEqualTo(bundle.caPem());
        assertThat(renewed.certPem()).isNotEqualTo(bundle.certPem());
        Pem.certificates(renewed.certPem()).get(0).verify(Pem.certificates(bundle.caPem()).get(0).getPublicKey());
        assertThat(CertificateRotation.decide(renewed, SETTINGS, later).verdict()).isEqualTo(Verdict.KEEP);
    }

    @Test
    void aNewHostOrIpMeansANewServingCertificate() {
        TlsBundle bundle = fresh();
        var moreHosts = settings(List.of("ballast.ballast-system.svc", "webhook.example.com"), List.of("127.0.0.1"));
        var decision = CertificateRotation.decide(bundle, moreHosts, NOW);
        assertThat(decision.verdict()).isEqualTo(Verdict.REISSUE);
        assertThat(decision.reason()).contains("webhook.example.com");
    }

    @Test
    void ipv6IsComparedInCanonicalForm() {
        var v6 = settings(List.of("ballast"), List.of("::1"));
        var decision = CertificateRotation.decide(null, v6, NOW);
        TlsBundle bundle = CertificateRotation.renew(decision, null, v6, NOW);
        assertThat(CertificateRotation.decide(bundle, settings(List.of("ballast"), List.of("0:0:0:0:0:0:0:1")), NOW).verdict())
                .isEqualTo(Verdict.KEEP);
        assertThatThrownBy(() -> settings(List.of("ballast"), List.of("not-an-ip")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-ip");
    }

    @Test
    void anAgingAuthorityIsReplacedAndTheOldOneStaysTrustedUntilItExpires() throws Exception {
        TlsBundle bundle = fresh();
        Instant late = NOW.plus(Duration.ofDays(3400));
        var decision = CertificateRotation.decide(bundle, SETTINGS, late);
        assertThat(decision.verdict()).isEqualTo(Verdict.NEW_AUTHORITY);
        TlsBundle renewed = CertificateRotation.renew(decision, bundle, SETTINGS, late);
        List<X509Certificate> trusted = Pem.certificates(renewed.caPem());
        assertThat(trusted).hasSize(2);
        assertThat(trusted.get(1)).isEqualTo(Pem.certificates(bundle.caPem()).get(0));
        Pem.certificates(renewed.certPem()).get(0).verify(trusted.get(0).getPublicKey());
        // once the old authority has expired it is dropped at the next write
        Instant afterOld = NOW.plus(Duration.ofDays(3700));
        TlsBundle next = CertificateRotation.renew(new CertificateRotation.Decision(Verdict.REISSUE, "test"), renewed, SETTINGS, afterOld);
        assertThat(Pem.certificates(next.caPem())).containsExactly(trusted.get(0));
    }

    @Test
    void damagedOrMismatchedMaterialIsReplacedNotServed() {
        TlsBundle bundle = fresh();
        TlsBundle other = fresh();
        assertThat(CertificateRotation.decide(new TlsBundle("garbage", bundle.caKeyPem(), bundle.certPem(), bundle.keyPem()),
                SETTINGS, NOW).verdict()).isEqualTo(Verdict.NEW_AUTHORITY);
        assertThat(CertificateRotation.decide(new TlsBundle(bundle.caPem(), other.caKeyPem(), bundle.certPem(), bundle.keyPem()),
                SETTINGS, NOW).verdict()).isEqualTo(Verdict.NEW_AUTHORITY);
        assertThat(CertificateRotation.decide(new TlsBundle(bundle.caPem(), bundle.caKeyPem(), bundle.certPem(), other.keyPem()),
                SETTINGS, NOW).verdict()).isEqualTo(Verdict.REISSUE);
        var foreign = CertificateRotation.decide(new TlsBundle(bundle.caPem(), bundle.caKeyPem(), other.certPem(), other.keyPem()),
                SETTINGS, NOW);
        assertThat(foreign.verdict()).isEqualTo(Verdict.REISSUE);
        assertThat(foreign.reason()).contains("not signed by the current authority");
    }

    @Test
    void theAuthorityKeyIsReadFromItsOwnSecretOrFromAServingSecretOfTheOldLayout() {
        TlsBundle bundle = fresh();
        assertThat(bundle.servingData()).doesNotContainKey(TlsBundle.CA_KEY).containsKeys(TlsBundle.CA_CRT, TlsBundle.TLS_CRT);
        assertThat(bundle.authorityData()).containsOnlyKeys(TlsBundle.CA_CRT, TlsBundle.CA_KEY);
        assertThat(TlsBundle.fromSecrets(bundle.servingData(), bundle.authorityData())).isEqualTo(bundle);
        var oldLayout = new java.util.HashMap<>(bundle.servingData());
        oldLayout.put(TlsBundle.CA_KEY, bundle.caKeyPem());
        assertThat(TlsBundle.fromSecrets(oldLayout, java.util.Map.of())).isEqualTo(bundle);
        assertThat(TlsBundle.fromSecrets(bundle.servingData(), java.util.Map.of())).isNull();
        assertThat(bundle.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aLostServingSecretIsReissuedByTheAuthorityThatSurvived() throws Exception {
        TlsBundle bundle = fresh();
        TlsBundle authorityOnly = TlsBundle.fromSecrets(java.util.Map.of(), bundle.authorityData());
        var decision = CertificateRotation.decide(authorityOnly, SETTINGS, NOW);
        assertThat(decision.verdict()).isEqualTo(Verdict.REISSUE);
        TlsBundle renewed = CertificateRotation.renew(decision, authorityOnly, SETTINGS, NOW);
        assertThat(renewed.caPem()).isEqualTo(bundle.caPem());
        Pem.certificates(renewed.certPem()).get(0).verify(Pem.certificates(bundle.caPem()).get(0).getPublicKey());
    }
}
