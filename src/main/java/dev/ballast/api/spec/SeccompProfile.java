package dev.ballast.api.spec;

/** The seccomp profile a policy requires: RuntimeDefault (RuntimeDefault or Localhost satisfy it) or Localhost. */
public enum SeccompProfile {
    RuntimeDefault, Localhost
}
