package dev.ballast.admission.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the webhook's TLS material can be kept, needs a new serving certificate from the same authority
 * (near expiry, names changed, not signed by the authority), or a new authority (none, unreadable, or the authority
 * itself near expiry), and produces the new material. Pure: the clock comes in as an argument.
 */
public final class CertificateRotation {
    private CertificateRotation() {
    }

    public record Settings(List<String> dnsNames, List<String> ipAddresses, Duration servingValidity,
                           Duration renewBefore, Duration authorityValidity, Duration authorityRenewBefore) {
        public Settings {
            dnsNames = List.copyOf(dnsNames);
            ipAddresses = ipAddresses.stream().map(CertificateRotation::canonicalIp).toList();
            if (renewBefore.compareTo(servingValidity) >= 0 || authorityRenewBefore.compareTo(authorityValidity) >= 0) {
                throw new IllegalArgumentException("renew-before must be shorter than the validity it renews");
            }
        }
    }

    public enum Verdict { KEEP, REISSUE, NEW_AUTHORITY }

    public record Decision(Verdict verdict, String reason) {
    }

    public static Decision decide(TlsBundle existing, Settings settings, Instant now) {
        if (existing == null) {
            return new Decision(Verdict.NEW_AUTHORITY, "no certificate yet");
        }
        List<X509Certificate> authorities;
        X509Certificate serving;
        try {
            authorities = Pem.certificates(existing.caPem());
            if (authorities.isEmpty()) {
                return new Decision(Verdict.NEW_AUTHORITY, "the Secret holds no certificate");
            }
            if (!keyMatches(Pem.privateKey(existing.caKeyPem()), authorities.get(0).getPublicKey())) {
                return new Decision(Verdict.NEW_AUTHORITY, "ca.key does not belong to the first certificate in ca.crt");
            }
            List<X509Certificate> chain = existing.certPem().isBlank() ? List.of() : Pem.certificates(existing.certPem());
            if (chain.isEmpty()) {
                return new Decision(Verdict.REISSUE, "no serving certificate yet");
            }
            serving = chain.get(0);
            if (!keyMatches(Pem.privateKey(existing.keyPem()), serving.getPublicKey())) {
                return new Decision(Verdict.REISSUE, "tls.key does not belong to tls.crt");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Decision(Verdict.NEW_AUTHORITY, "the Secret's certificates are unreadable (" + e.getMessage() + ")");
        }
        X509Certificate authority = authorities.get(0);
        if (expiresWithin(authority, now, settings.authorityRenewBefore())) {
            return new Decision(Verdict.NEW_AUTHORITY, "the authority expires " + authority.getNotAfter().toInstant());
        }
        try {
            serving.verify(authority.getPublicKey());
        } catch (GeneralSecurityException e) {
            return new Decision(Verdict.REISSUE, "tls.crt is not signed by the current authority");
        }
        if (expiresWithin(serving, now, settings.renewBefore())) {
            return new Decision(Verdict.REISSUE, "the serving certificate expires " + serving.getNotAfter().toInstant());
        }
        Set<String> missing = new HashSet<>(settings.dnsNames());
        missing.addAll(settings.ipAddresses());
        missing.removeAll(subjectAlternativeNames(serving));
        if (!missing.isEmpty()) {
            return new Decision(Verdict.REISSUE, "the serving certificate does not name " + new TreeSet<>(missing));
        }
        return new Decision(Verdict.KEEP, "valid until " + serving.getNotAfter().toInstant());
    }

    /** New material for a REISSUE or NEW_AUTHORITY decision; authorities still valid stay in ca.crt after the new one. */
    public static TlsBundle renew(Decision decision, TlsBundle existing, Settings settings, Instant now) {
        CertificateIssuer.Issued authority;
        List<X509Certificate> trusted = new ArrayList<>();
        try {
            if (decision.verdict() == Verdict.REISSUE) {
                List<X509Certificate> current = Pem.certificates(existing.caPem());
                PrivateKey key = Pem.privateKey(existing.caKeyPem());
                authority = new CertificateIssuer.Issued(current.get(0), new KeyPair(current.get(0).getPublicKey(), key));
                trusted.addAll(current);
            } else {
                authority = CertificateIssuer.authority("ballast-webhook-ca", now, settings.authorityValidity());
                trusted.add(authority.certificate());
                if (existing != null) {
                    trusted.addAll(readableAuthorities(existing));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the current authority: " + e.getMessage(), e);
        }
        var serving = CertificateIssuer.serving(authority, settings.dnsNames(), settings.ipAddresses(), now,
                settings.servingValidity());
        StringBuilder bundle = new StringBuilder();
        Set<BigInteger> seen = new HashSet<>();
        for (X509Certificate ca : trusted) {
            if (ca.getNotAfter().toInstant().isAfter(now) && seen.add(ca.getSerialNumber())) {
                bundle.append(Pem.certificate(ca));
            }
        }
        return new TlsBundle(bundle.toString(), Pem.privateKey(authority.keys().getPrivate()),
                Pem.certificate(serving.certificate()), Pem.privateKey(serving.keys().getPrivate()));
    }

    /** The form X509Certificate reports IP names in, so "::1" and "0:0:0:0:0:0:0:1" are the same name. */
    static String canonicalIp(String ip) {
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("\"" + ip + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + ip + "\" is not an IP address", e);
        }
    }

    private static List<X509Certificate> readableAuthorities(TlsBundle existing) {
        try {
            return Pem.certificates(existing.caPem());
        } catch (GeneralSecurityException | RuntimeException unreadable) {
            return List.of();
        }
    }

    private static boolean expiresWithin(X509Certificate certificate, Instant now, Duration window) {
        return !certificate.getNotAfter().toInstant().isAfter(now.plus(window));
    }

    private static Set<String> subjectAlternativeNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(entry -> names.add(String.valueOf(entry.get(1))));
            }
        } catch (CertificateParsingException unreadable) {
            // no names: the caller reissues
        }
        return names;
    }

    private static boolean keyMatches(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "ballast".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }
}
