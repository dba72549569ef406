package dev.ballast.rules.model;

/**
 * A Go runtime fatal error found in a termination message: which one, the line as printed (bounded, control
 * characters replaced) and, when the message holds it, the first {@code goroutine N [running]:} frame as
 * {@code goroutine 7 [running]: main.main.func1() /app/cache.go:31} (null when absent or cut off).
 */
public record GoFatal(GoFatalError error, String line, String frame) {
    public GoFatal {
        if (error == null || line == null) {
            throw new IllegalArgumentException("a Go fatal error needs its kind and line");
        }
    }
}
