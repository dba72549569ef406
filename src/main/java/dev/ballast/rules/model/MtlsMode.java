package dev.ballast.rules.model;

import java.util.Locale;

/** Istio's PeerAuthentication mutual TLS modes. */
public enum MtlsMode {
    UNSET, DISABLE, PERMISSIVE, STRICT;

    /** Parses a mode as Istio writes it; unknown or absent values are UNSET, as Istio treats them. */
    public static MtlsMode parse(String value) {
        if (value == null) {
            return UNSET;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNSET;
        }
    }
}
