package dev.ballast.fix;

/** A patch that cannot be applied to the given text, with a message naming the path or line. */
public final class PatchException extends RuntimeException {
    public PatchException(String message) {
        super(message);
    }
}
