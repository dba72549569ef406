package dev.ballast.rules.apis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed {@link ApiLifecycleTable} must be what hack/apis/generate.go derives from the k8s.io/api module the
 * control plane pins ({@code make api-table} rewrites it). Go is required, as for the control plane: without it, or
 * without the module (the generator asks {@code go mod download}, which reads the module cache first), this fails
 * rather than skips.
 */
class ApiLifecycleTableDriftIT {
    private static final Path COMMITTED = Path.of("src/main/java/dev/ballast/rules/apis/ApiLifecycleTable.java");

    @Test
    void committedTableIsWhatTheGeneratorDerivesFromThePinnedModule() throws Exception {
        Path root = Path.of(System.getProperty("ballast.root", "."));
        Path out = Files.createDirectories(root.resolve("target/api-table")).resolve("ApiLifecycleTable.java");
        Path log = out.resolveSibling("generate.log");
        Files.deleteIfExists(out);
        ProcessBuilder generate = new ProcessBuilder("go", "run", "hack/apis/generate.go", "-o", out.toAbsolutePath().toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        generate.environment().put("GOTOOLCHAIN", "local");
        Process process;
        try {
            process = generate.start();
        } catch (IOException e) {
            fail("go is required to check the api-deprecated table against k8s.io/api (as for make controlplane): " + e.getMessage());
            return;
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("hack/apis/generate.go took over 5 minutes; its output so far: " + Files.readString(log));
        }
        assertThat(process.exitValue()).as("hack/apis/generate.go failed: %s", Files.readString(log)).isZero();
        assertThat(Files.readString(root.resolve(COMMITTED)))
                .as("%s is stale: run make api-table and commit it", COMMITTED)
                .isEqualTo(Files.readString(out));
    }
}
