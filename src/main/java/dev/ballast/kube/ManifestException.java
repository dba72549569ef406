package dev.ballast.kube;

/** A manifest or policy that cannot be understood; the message names the object and field. */
public class ManifestException extends RuntimeException {
    public ManifestException(String message) {
        super(message);
    }
}
