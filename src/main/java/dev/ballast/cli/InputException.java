package dev.ballast.cli;

/** Unusable input (missing file, unparseable YAML, bad policy): the message names the file and line. Exit 2. */
final class InputException extends RuntimeException {
    InputException(String message) {
        super(message);
    }

    static InputException at(String file, int line, String message) {
        return new InputException(file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
