package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher: the class-data archive that `make build` records (hack/cli-archive.sh); help for every
 * subcommand (including {@code run}, which the launcher would otherwise hand to the operator), empty stdin and a
 * 20 MB one-line scalar on stdin, each answered by the CLI with its exit code and message (issue #11, 13, 15, 16).
 */
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
                .anyMatch(line -> line.contains("dev.ballast.rules.engine.Evaluator source: shared objects file"))
                // a plain audit command line is read without picocli (AuditArguments)
                .noneMatch(line -> line.contains("picocli.CommandLine "));
        Run help = run(Map.of("BALLAST_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=target/cli-class-load-help.log"),
                "bin/ballast", "audit", "--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: ballast audit");
        // picocli's Java 5 class files are in a static archive (a dynamic one leaves them out)
        assertThat(Files.readAllLines(ROOT.resolve("target/cli-class-load-help.log")))
                .anyMatch(line -> line.contains("picocli.CommandLine source: shared objects file"));
        assertThat(Files.readString(ROOT.resolve("target/ballast-cli.java")).strip()).endsWith("/bin/java");

        Run plain = run(Map.of("BALLAST_JAVA_OPTS", "-Xshare:off"),
                "bin/ballast", "audit", "-f", "examples/", "--format", "json", "--fail-on", "none");
        assertThat(plain.code()).isZero();
        assertThat(withoutTimes(shared.out())).isEqualTo(withoutTimes(plain.out())).contains("\"workloads\"");
    }

    /**
     * Under LANG=C the JVM decodes arguments as ASCII, so a non-ASCII file name was refused: the launcher runs the CLI
     * under C.UTF-8 then. The name is made by bash from its bytes, whatever this JVM's own locale.
     */
    @Test
    void aNonAsciiFileNameIsAuditedUnderTheCLocale(@TempDir Path dir) throws Exception {
        for (Map<String, String> locale : List.of(Map.of("LANG", "C", "LC_ALL", "", "LC_CTYPE", ""),
                Map.of("LANG", "", "LC_ALL", "POSIX", "LC_CTYPE", ""))) {
            Map<String, String> env = new HashMap<>(locale);
            env.put("DIR", dir.toString());
            Run audit = run(env, "bash", "-c", "f=\"$DIR/$(printf 'd\\303\\251ploiement.yaml')\"; "
                    + "cp examples/workloads/non-compliant.yaml \"$f\" && exec bin/ballast audit -f \"$f\" --format json --fail-on none");
            assertThat(audit.code()).as(locale + ": " + audit.err()).isZero();
            assertThat(audit.out()).as(locale.toString()).contains("déploiement.yaml\"").contains("\"workloads\" : 3");
        }
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

    @Test
    void anotherJvmRunsTheCliWithoutTheArchiveSilently() throws Exception {
        assertThat(run(Map.of(), "hack/cli-archive.sh").code()).isZero(); // records the JVM otherJvm() avoids
        Path other = otherJvm();
        Run run = run(Map.of("BALLAST_JAVA", other.toString(),
                        "BALLAST_JAVA_OPTS", "-Xlog:class+load=info:file=target/cli-class-load-foreign.log"),
                "bin/ballast", "audit", "-f", "examples/", "--format", "json", "--fail-on", "none");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("\"workloads\"");
        assertThat(Files.readAllLines(ROOT.resolve("target/cli-class-load-foreign.log")))
                .noneMatch(line -> line.contains("dev.ballast") && line.contains("shared objects file"));
    }

    /** On JDK 25 and later `make build` records an AOT cache instead; it is used, and ignored once stale. */
    @Test
    void onJdk25TheAotCacheIsRecordedUsedAndIgnoredWhenStale() throws Exception {
        Path jdk25 = jvm(25).orElse(null);
        Assumptions.assumeTrue(jdk25 != null, "no JDK 25 or later under /usr/lib/jvm");
        try {
            Run archive = run(Map.of("BALLAST_JAVA", jdk25.toString()), "hack/cli-archive.sh");
            assertThat(archive.code()).as(archive.err()).isZero();
            assertThat(archive.out()).contains("AOT cache");
            assertThat(ROOT.resolve("target/ballast-cli.aot")).exists();
            assertThat(ROOT.resolve("target/ballast-cli.jsa")).doesNotExist();
            assertThat(Files.readString(ROOT.resolve("target/ballast-cli.java")).strip()).isEqualTo(jdk25.toRealPath().toString());

            // no BALLAST_JAVA: the CLI runs on the JVM that recorded the cache; AOTMode=on refuses to start without it
            Run cached = run(Map.of("BALLAST_JAVA_OPTS", "-XX:AOTMode=on -Xlog:class+load=info:file=target/cli-class-load-aot.log"),
                    "bin/ballast", "audit", "-f", "examples/", "--format", "json", "--fail-on", "none");
            assertThat(cached.code()).as(cached.err()).isZero();
            assertThat(Files.readAllLines(ROOT.resolve("target/cli-class-load-aot.log")))
                    .anyMatch(line -> line.contains("dev.ballast.rules.engine.Evaluator source: shared objects file"));
            Run plain = run(Map.of("BALLAST_JAVA_OPTS", "-XX:AOTMode=off"),
                    "bin/ballast", "audit", "-f", "examples/", "--format", "json", "--fail-on", "none");
            assertThat(withoutTimes(cached.out())).isEqualTo(withoutTimes(plain.out())).contains("\"workloads\"");

            // a JDK 17 archive flag on this JVM, or this cache on JDK 17, would stop the JVM: the launcher passes neither
            Run foreign = run(Map.of("BALLAST_JAVA", otherJvm(jdk25).toString()), "bin/ballast", "--version");
            assertThat(foreign.code()).as(foreign.err()).isZero();
            assertThat(foreign.err()).isEmpty();

            Files.setLastModifiedTime(ROOT.resolve("target/ballast-cli.aot"), java.nio.file.attribute.FileTime.fromMillis(0));
            Run stale = run(Map.of("BALLAST_JAVA_OPTS", "-Xlog:class+load=info:file=target/cli-class-load-aot-stale.log"),
                    "bin/ballast", "--version");
            assertThat(stale.code()).as(stale.err()).isZero();
            assertThat(stale.err()).isEmpty();
            assertThat(Files.readAllLines(ROOT.resolve("target/cli-class-load-aot-stale.log")))
                    .noneMatch(line -> line.contains("dev.ballast") && line.contains("shared objects file"));
        } finally {
            run(Map.of(), "hack/cli-archive.sh"); // back to the default JVM's archive, as `make build` leaves it
        }
    }

    @Test
    void helpWorksForEverySubcommandThroughTheLauncher() throws Exception {
        for (String command : List.of("audit", "report", "run")) {
            for (String flag : List.of("--help", "-h")) {
                Run r = run(Map.of(), "bin/ballast", command, flag);
                assertThat(r.code()).as(command + " " + flag + ": " + r.err()).isZero();
                assertThat(r.out()).startsWith("Usage: ballast " + command);
            }
        }
    }

    @Test
    void emptyStdinFailsAndAllowEmptyPasses() throws Exception {
        Run r = run(Map.of(), "bin/ballast", "audit", "-f", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ballast audit: error: <stdin>: no Kubernetes objects read (pass --allow-empty to accept empty input)\n");
        assertThat(run(Map.of(), "bin/ballast", "audit", "-f", "-", "--allow-empty").code()).isZero();
    }

    @Test
    void aTwentyMegabyteScalarOnStdinFailsWithItsLine() throws Exception {
        Path big = Files.createTempFile("big", ".yaml");
        try {
            Files.writeString(big, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x".repeat(20 << 20) + "\n");
            Run r = run(Map.of(), big, "bin/ballast", "audit", "-f", "-");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("ballast audit: error: <stdin>:5: line is " + (8 + (20 << 20))
                    + " characters long, over the limit of 1048576 (--max-line-length)");
        } finally {
            Files.deleteIfExists(big);
        }
    }

    /** A JDK whose major version is at least {@code feature}, under /usr/lib/jvm (where Debian installs them). */
    private static Optional<Path> jvm(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && feature(home) >= feature)
                    .map(home -> home.resolve("bin/java")).sorted().findFirst();
        }
    }

    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no release file: not a JDK this test can use
        }
        return 0;
    }

    /** A JVM other than the one `make build` recorded the archive with. */
    private static Path otherJvm() throws IOException {
        return otherJvm(Path.of(Files.readString(ROOT.resolve("target/ballast-cli.java")).strip()));
    }

    /** A JDK 17 or later under /usr/lib/jvm that is not {@code notThis}; assumes one is installed. */
    private static Path otherJvm(Path notThis) throws IOException {
        Path other = null;
        if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
            try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
                other = homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && feature(home) >= 17)
                        .map(home -> home.resolve("bin/java")).filter(java -> !real(java).equals(real(notThis)))
                        .sorted().findFirst().orElse(null);
            }
        }
        Assumptions.assumeTrue(other != null, "only one JDK installed");
        return other;
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static String withoutTimes(String json) {
        return json.replaceAll("\"(generated|time|timestamp)[A-Za-z]*\"\\s*:\\s*\"[^\"]*\"", "");
    }

    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return run(env, null, command);
    }

    /** Runs with stdin read from {@code stdin}, or empty when null. */
    private static Run run(Map<String, String> env, Path stdin, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            Process process = builder.start();
            if (stdin == null) {
                process.getOutputStream().close();
            }
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
