package dev.ballast.cli;

import picocli.CommandLine.Option;

/**
 * Bounds on what one audit reads, so a hostile or broken input fails in seconds with its file and line instead of
 * exhausting time or memory. The YAML parser re-copies its look-ahead buffer for every 1,024 characters of one token,
 * so a single long line costs time quadratic in its length: lines are bounded before the parser sees them.
 */
final class InputLimits {
    static final int MAX_DEPTH = 100;
    static final int MAX_ALIASES = 100;
    static final int MAX_NODES = 1_000_000;

    @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Largest input file (or stdin) read, in bytes. Default: ${DEFAULT-VALUE} (64 MiB).")
    long maxFileBytes;

    @Option(names = "--max-line-length", paramLabel = "CHARS", defaultValue = "1048576",
            description = "Longest YAML line read, in characters. Default: ${DEFAULT-VALUE} (1 MiB).")
    int maxLineChars;

    @Option(names = "--max-scalar-length", paramLabel = "CHARS", defaultValue = "1048576",
            description = "Longest single value (string) read, in characters. Default: ${DEFAULT-VALUE} (1 MiB).")
    int maxScalarChars;

    static InputLimits defaults() {
        InputLimits limits = new InputLimits();
        limits.maxFileBytes = 64L << 20;
        limits.maxLineChars = 1 << 20;
        limits.maxScalarChars = 1 << 20;
        return limits;
    }

    void check() {
        if (maxFileBytes < 1 || maxLineChars < 1 || maxScalarChars < 1) {
            throw new InputException("--max-file-size, --max-line-length and --max-scalar-length must be positive");
        }
        if (maxFileBytes > Integer.MAX_VALUE - 16) {
            throw new InputException("--max-file-size must be below 2 GiB");
        }
    }
}
