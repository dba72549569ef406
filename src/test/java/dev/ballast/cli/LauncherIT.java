package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged launcher {@code bin/ballast} (issue #11 items 13, 15, 16): help for every subcommand (including
 * {@code run}, which the launcher would otherwise hand to the operator), empty stdin, and a 20 MB one-line scalar
 * on stdin, each answered by the CLI with its exit code and message.
 */
class LauncherIT {
    record Result(int code, String out, String err) {
    }

    static Result ballast(byte[] stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("ballast.root", ".")).resolve("bin/ballast").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException closedEarly) {
            // the CLI may stop reading once a limit is hit
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) { // a hang guard: `run --help` used to start the operator
            process.destroyForcibly();
            throw new AssertionError("bin/ballast " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @Test
    void helpWorksForEverySubcommandThroughTheLauncher() throws Exception {
        for (String command : List.of("audit", "report", "run")) {
            for (String flag : List.of("--help", "-h")) {
                Result r = ballast(new byte[0], command, flag);
                assertThat(r.code()).as(command + " " + flag + ": " + r.err()).isZero();
                assertThat(r.out()).startsWith("Usage: ballast " + command);
            }
        }
    }

    @Test
    void emptyStdinFailsAndAllowEmptyPasses() throws Exception {
        Result r = ballast(new byte[0], "audit", "-f", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ballast audit: error: <stdin>: no Kubernetes objects read (pass --allow-empty to accept empty input)\n");
        assertThat(ballast(new byte[0], "audit", "-f", "-", "--allow-empty").code()).isZero();
    }

    @Test
    void aTwentyMegabyteScalarOnStdinFailsWithItsLine() throws Exception {
        byte[] big = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x".repeat(20 << 20) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Result r = ballast(big, "audit", "-f", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: <stdin>:5: line is " + (8 + (20 << 20))
                + " characters long, over the limit of 1048576 (--max-line-length)");
    }
}
