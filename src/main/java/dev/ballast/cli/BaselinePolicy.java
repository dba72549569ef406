package dev.ballast.cli;

import dev.ballast.rules.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The shipped baseline policy, read at most once per process. Most audits use it, so {@code ballast audit} starts
 * reading it on another core while picocli parses the command line ({@link #startReading}); reading it warms the
 * YAML parser the manifests need next. A run that names {@code --policy} just never asks for it.
 */
final class BaselinePolicy {
    static final String RESOURCE = "baseline.yaml";
    static final String NAME = "(built-in baseline policy)";
    private static final FutureTask<List<Policy>> READING = new FutureTask<>(BaselinePolicy::read);

    private BaselinePolicy() {
    }

    static void startReading() {
        Thread reader = new Thread(READING, "ballast-baseline");
        reader.setDaemon(true);
        reader.start();
    }

    /** The baseline's policies: read here if no one started reading them, else waited for. */
    static List<Policy> policies() throws IOException {
        READING.run(); // returns at once when another thread runs it or has run it
        try {
            return READING.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(NAME + ": interrupted while reading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(NAME + ": " + e.getCause(), e.getCause());
        }
    }

    /** Read with the default limits: the file is Ballast's own, and --max-* bound what users pass in. */
    private static List<Policy> read() {
        InputLimits limits = InputLimits.defaults();
        PolicyReader reader = new PolicyReader(limits, false);
        try (InputStream baseline = BaselinePolicy.class.getResourceAsStream(RESOURCE)) {
            if (baseline == null) {
                throw new IllegalStateException("the built-in baseline policy is missing from the build");
            }
            reader.read(NAME, InputText.read(NAME, baseline, limits));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reader.policies();
    }
}
