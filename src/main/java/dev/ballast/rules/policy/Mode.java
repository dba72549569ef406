package dev.ballast.rules.policy;

/** What a policy does at admission. Ordinal order is strictness: a later constant is stricter. */
public enum Mode {
    Audit, Warn, Enforce;

    public Mode stricter(Mode other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
