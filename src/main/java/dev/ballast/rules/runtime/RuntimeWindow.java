package dev.ballast.rules.runtime;

import java.time.Duration;
import java.util.Locale;

/** The window as policies write it: {@code 1h}, {@code 30m}, {@code 1h30m}, {@code 45s}. */
final class RuntimeWindow {
    private RuntimeWindow() {
    }

    static String text(Duration window) {
        return window.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
