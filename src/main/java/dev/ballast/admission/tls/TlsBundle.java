package dev.ballast.admission.tls;

import java.util.Map;

/**
 * The webhook's TLS material: {@code ca.crt} (the authorities kube-apiserver should trust, newest first, so a rotated
 * CA overlaps the old one), {@code ca.key} (the newest authority's key, to renew the serving certificate),
 * {@code tls.crt} and {@code tls.key} (what the webhook serves). Two Secrets hold it: the serving Secret
 * ({@link #servingData()}) and the authority's Secret ({@link #authorityData()}), so the pods that mount or read the
 * serving certificate never see the key that can sign another.
 */
public record TlsBundle(String caPem, String caKeyPem, String certPem, String keyPem) {
    public static final String CA_CRT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";

    /**
     * From the two Secrets' decoded data (either may be empty). ca.key is read from the authority's Secret, else from
     * the serving Secret, where releases before the split kept it. Null when there is no authority with its key;
     * tls.crt and tls.key may come back empty (then the serving certificate is reissued from the same authority).
     */
    public static TlsBundle fromSecrets(Map<String, String> serving, Map<String, String> authority) {
        String ca = firstPresent(serving.get(CA_CRT), authority.get(CA_CRT));
        String caKey = firstPresent(authority.get(CA_KEY), serving.get(CA_KEY));
        if (ca.isEmpty() || caKey.isEmpty()) {
            return null;
        }
        return new TlsBundle(ca, caKey, firstPresent(serving.get(TLS_CRT), ""), firstPresent(serving.get(TLS_KEY), ""));
    }

    /** What the serving Secret holds: no private key of the authority. */
    public Map<String, String> servingData() {
        return Map.of(CA_CRT, caPem, TLS_CRT, certPem, TLS_KEY, keyPem);
    }

    /** What the authority's Secret holds. */
    public Map<String, String> authorityData() {
        return Map.of(CA_CRT, caPem, CA_KEY, caKeyPem);
    }

    private static String firstPresent(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback == null ? "" : fallback;
    }

    @Override
    public String toString() {
        return "TlsBundle[keys redacted]";
    }
}
