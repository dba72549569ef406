package dev.ballast.admission.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the webhook's certificate authority and the serving certificates it signs: ECDSA P-256 keys (fast to make,
 * accepted by kube-apiserver), SHA-256 signatures, backdated a minute against clock skew. No I/O.
 */
public final class CertificateIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SKEW = Duration.ofMinutes(1);

    private CertificateIssuer() {
    }

    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    public static Issued authority(String commonName, Instant now, Duration validity) {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + commonName);
        try {
            var builder = builder(subject, subject, keys, now, validity);
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(builder, keys), keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the webhook certificate authority", e);
        }
    }

    /** A serving certificate for the given DNS names and IP addresses, signed by the authority. */
    public static Issued serving(Issued authority, List<String> dnsNames, List<String> ipAddresses, Instant now,
                                 Duration validity) {
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one DNS name or IP address");
        }
        KeyPair keys = newKeys();
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        try {
            var builder = builder(X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + commonName), keys, now, validity);
            var utils = new JcaX509ExtensionUtils();
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(authority.certificate()));
            return new Issued(sign(builder, authority.keys()), keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue the webhook serving certificate", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant now,
                                                    Duration validity) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(SKEW)), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            var signed = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(signed);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is unavailable in this JVM", e);
        }
    }
}
