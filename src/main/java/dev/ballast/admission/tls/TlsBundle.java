package dev.ballast.admission.tls;

import java.util.Map;

/**
 * The webhook's TLS material as its Secret holds it: {@code ca.crt} (the authorities kube-apiserver should trust,
 * newest first, so a rotated CA overlaps the old one), {@code ca.key} (the newest authority's key, to renew the
 * serving certificate), {@code tls.crt} and {@code tls.key} (what the webhook serves).
 */
public record TlsBundle(String caPem, String caKeyPem, String certPem, String keyPem) {
    public static final String CA_CRT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";

    /** From a Secret's decoded data; null when any of the four entries is missing or empty. */
    public static TlsBundle fromData(Map<String, String> data) {
        if (data == null) {
            return null;
        }
        String ca = data.get(CA_CRT);
        String caKey = data.get(CA_KEY);
        String cert = data.get(TLS_CRT);
        String key = data.get(TLS_KEY);
        if (isBlank(ca) || isBlank(caKey) || isBlank(cert) || isBlank(key)) {
            return null;
        }
        return new TlsBundle(ca, caKey, cert, key);
    }

    public Map<String, String> toData() {
        return Map.of(CA_CRT, caPem, CA_KEY, caKeyPem, TLS_CRT, certPem, TLS_KEY, keyPem);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "TlsBundle[keys redacted]";
    }
}
