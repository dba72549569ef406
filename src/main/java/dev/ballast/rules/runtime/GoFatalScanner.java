package dev.ballast.rules.runtime;

import dev.ballast.rules.model.GoFatal;
import dev.ballast.rules.model.GoFatalError;
import java.util.Optional;

/**
 * Finds a Go runtime fatal error in a container's termination message. The kubelet caps a message at 4 KiB (or
 * the last 80 log lines / 2 KiB with {@code FallbackToLogsOnError}), but the input is treated as hostile: only the
 * first {@link #MAX_SCAN_CHARS} characters are read, line by line without regular expressions, and each quote is
 * cut to {@link #MAX_QUOTE_CHARS} with control characters replaced. A line matches when, trimmed, it is the
 * runtime's line or that line followed by a space (Go appends {@code [recovered]} to re-panicked panics).
 */
public final class GoFatalScanner {
    public static final int MAX_SCAN_CHARS = 16 * 1024;
    public static final int MAX_QUOTE_CHARS = 200;
    /** Frames (function + location line pairs) read after the goroutine header, looking for non-runtime code. */
    private static final int MAX_FRAMES = 32;
    private static final GoFatalError[] ERRORS = GoFatalError.values();

    private GoFatalScanner() {
    }

    public static Optional<GoFatal> scan(String message) {
        if (message == null || message.isEmpty()) {
            return Optional.empty();
        }
        Lines lines = new Lines(message, Math.min(message.length(), MAX_SCAN_CHARS));
        String line;
        while ((line = lines.next()) != null) {
            GoFatalError error = match(line);
            if (error != null) {
                return Optional.of(new GoFatal(error, quote(line), runningFrame(lines)));
            }
        }
        return Optional.empty();
    }

    private static GoFatalError match(String line) {
        for (GoFatalError error : ERRORS) {
            String expected = error.line();
            if (line.startsWith(expected)
                    && (line.length() == expected.length() || line.charAt(expected.length()) == ' ')) {
                return error;
            }
        }
        return null;
    }

    /** The first {@code goroutine N [running]:} header after the fatal line and its first frame outside the runtime. */
    private static String runningFrame(Lines lines) {
        String line;
        while ((line = lines.next()) != null) {
            String header = runningHeader(line);
            if (header != null) {
                String frame = firstUserFrame(lines);
                return quote(frame == null ? header : header + " " + frame);
            }
        }
        return null;
    }

    /**
     * {@code goroutine 7 [running]:} as printed, or {@code goroutine 1 gp=0x.. m=3 mp=0x.. [running]:} (runtime
     * throws since go1.23), normalised to the first form; null for any other line.
     */
    static String runningHeader(String line) {
        if (!line.startsWith("goroutine ") || !line.endsWith("]:")) {
            return null;
        }
        int digitsEnd = "goroutine ".length();
        while (digitsEnd < line.length() && Character.isDigit(line.charAt(digitsEnd))) {
            digitsEnd++;
        }
        int status = line.indexOf(" [", digitsEnd);
        if (digitsEnd == "goroutine ".length() || status < 0 || !line.startsWith("running", status + 2)) {
            return null;
        }
        return line.substring(0, digitsEnd) + line.substring(status);
    }

    /** The first frame whose function is not the runtime's, as "function location"; else the first frame. */
    private static String firstUserFrame(Lines lines) {
        String first = null;
        for (int i = 0; i < MAX_FRAMES; i++) {
            String function = lines.next();
            if (function == null || function.isEmpty() || runningHeader(function) != null) {
                break;
            }
            if (function.startsWith("...")) {
                continue;
            }
            String location = lines.next();
            String frame = location == null ? function : function + " " + withoutOffsets(location);
            if (!runtimeFunction(function)) {
                return frame;
            }
            if (first == null) {
                first = frame;
            }
        }
        return first;
    }

    private static boolean runtimeFunction(String function) {
        return function.startsWith("runtime.") || function.startsWith("internal/runtime/")
                || function.startsWith("runtime/");
    }

    /** {@code /app/main.go:12 +0x25 fp=0x.. sp=0x.. pc=0x..} becomes {@code /app/main.go:12}. */
    private static String withoutOffsets(String location) {
        int offset = location.indexOf(" +0x");
        return offset < 0 ? location : location.substring(0, offset);
    }

    static String quote(String text) {
        int length = Math.min(text.length(), MAX_QUOTE_CHARS);
        StringBuilder out = new StringBuilder(length + 1);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > MAX_QUOTE_CHARS) {
            out.append('…');
        }
        return out.toString();
    }

    /** Trimmed lines of the first {@code limit} characters; a line longer than the quote bound is cut. */
    private static final class Lines {
        private final String text;
        private final int limit;
        private int position;

        Lines(String text, int limit) {
            this.text = text;
            this.limit = limit;
        }

        String next() {
            if (position >= limit) {
                return null;
            }
            int end = position;
            while (end < limit && text.charAt(end) != '\n') {
                end++;
            }
            int start = position;
            position = end + 1;
            return text.substring(start, Math.min(end, start + 4 * MAX_QUOTE_CHARS)).strip();
        }
    }
}
