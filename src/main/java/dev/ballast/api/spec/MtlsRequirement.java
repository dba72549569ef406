package dev.ballast.api.spec;

/** The mTLS mode a policy requires; STRICT is the only one worth requiring. */
public enum MtlsRequirement {
    STRICT
}
