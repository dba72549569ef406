package dev.ballast.rules.model;

/** Identifies the object a result is about. */
public record ResourceRef(String kind, String namespace, String name, SourceRef source) {
    public String display() {
        return namespace + "/" + kind + "/" + name;
    }
}
