package dev.ballast.rules.model;

/** One controller owner reference: kind, name and UID (null when unknown, e.g. inferred from naming). */
public record OwnerRef(String kind, String name, String uid) {
    public OwnerRef {
        if (kind == null || name == null) {
            throw new IllegalArgumentException("an owner reference needs a kind and a name");
        }
    }
}
