package dev.ballast.rules.model;

/** Where an object came from: a file and line for manifests, a UID for live objects. Any part may be null. */
public record SourceRef(String file, int line, String uid) {
    public static final SourceRef NONE = new SourceRef(null, 0, null);

    public static SourceRef file(String file, int line) {
        return new SourceRef(file, line, null);
    }

    public static SourceRef uid(String uid) {
        return new SourceRef(null, 0, uid);
    }
}
