package dev.ballast.yaml;

/** Thrown to hand a text to SnakeYAML, naming what the common reader does not read; never leaves this package. */
final class Unsupported extends RuntimeException {
    Unsupported(String why) {
        super(why, null, false, false);
    }
}
