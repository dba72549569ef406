package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged launcher with the class-data archive that `make build` records (hack/cli-archive.sh). */
class CliLauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("ballast.root", ".")).toAbsolutePath().normalize();

    record Run(int code, String out, String err) {
    }

    @Test
    void theArchiveIsRecordedUsedAndChangesNoOutput() throws Exception {
        Run archive = run(Map.of(), "hack/cli-archive.sh");
        assertThat(archive.code()).as(archive.err()).isZero();
        assertThat(ROOT.resolve("target/ballast-cli.jsa")).exists();

        // -Xshare:on makes the JVM refuse to start unless the archive maps; the class-load log names its source
        Run shared = run(Map.of("BALLAST_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=target/cli-class-load.log"),
                "bin/ballast", "audit", "-f", "examples/", "--format", "json", "--fail-on", "none");
        assertThat(shared.code()).as(shared.err()).isZero();
        assertThat(Files.readAllLines(ROOT.resolve("target/cli-class-load.log")))
                .anyMatch(line -> line.contains("dev.ballast.rules.engine.Evaluator source: shared objects file"));

        Run plain = run(Map.of("BALLAST_JAVA_OPTS", "-Xshare:off"),
                "bin/ballast", "audit", "-f", "examples/", "--format", "json", "--fail-on", "none");
        assertThat(plain.code()).isZero();
        assertThat(withoutTimes(shared.out())).isEqualTo(withoutTimes(plain.out())).contains("\"workloads\"");
    }

    @Test
    void anArchiveOlderThanTheBuildIsIgnored() throws Exception {
        assertThat(run(Map.of(), "hack/cli-archive.sh").code()).isZero();
        Path archive = ROOT.resolve("target/ballast-cli.jsa");
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(0));
        try {
            Run run = run(Map.of("BALLAST_JAVA_OPTS", "-Xlog:class+load=info:file=target/cli-class-load-stale.log"),
                    "bin/ballast", "--version");
            assertThat(run.code()).isZero();
            assertThat(run.out()).startsWith("ballast ");
            assertThat(Files.readAllLines(ROOT.resolve("target/cli-class-load-stale.log")))
                    .noneMatch(line -> line.contains("dev.ballast") && line.contains("shared objects file (top)"));
        } finally {
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    private static String withoutTimes(String json) {
        return json.replaceAll("\"(generated|time|timestamp)[A-Za-z]*\"\\s*:\\s*\"[^\"]*\"", "");
    }

    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + List.of(command));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
