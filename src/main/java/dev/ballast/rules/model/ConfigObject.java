package dev.ballast.rules.model;

/**
 * A ConfigMap or Secret and who last wrote it: the newest managedFields entry's manager for a stored object, or
 * the request's field manager at admission. {@code lastManager} is null when unknown (plain manifests).
 */
public record ConfigObject(String kind, String namespace, String name, String lastManager, SourceRef source)
        implements Subject {
    @Override
    public ResourceRef ref() {
        return new ResourceRef(kind, namespace, name, source);
    }
}
