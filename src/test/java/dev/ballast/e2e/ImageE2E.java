package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The image archive of {@code make image} (hack/image/build.sh, rebuilt here so it holds this build's application;
 * the Debian base layer is built once per machine and cached): its OCI and Docker views and config read from the
 * tar, skopeo reading it offline, and its own entrypoint run from its unpacked root filesystem as its user, on a
 * read-only root with /tmp a tmpfs (the manifests' emptyDir), against the real API server until /readyz answers.
 */
class ImageE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20); // a cold base build downloads ~90 packages
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final String USER = "10001:10001";
    private static final Pattern POM_VERSION = Pattern.compile("<artifactId>ballast</artifactId>\\s*<version>([^<]+)</version>");
    /** Runs in a private mount namespace (gone with the process): the mounts a runtime makes, then the image's command. */
    private static final String LAUNCH = """
            set -eu
            rootfs="$1" run="$2" user="$3" workdir="$4"; shift 4
            mkdir -p "$rootfs/dev"  # the image has no /dev (nor device nodes): runtimes mount their own
            mount --bind "$rootfs" "$rootfs"
            mount -o remount,bind,ro "$rootfs"
            mount -t tmpfs -o mode=1777,size=256m,nosuid,nodev tmpfs "$rootfs/tmp"
            mount -t proc proc "$rootfs/proc"
            mount --rbind /dev "$rootfs/dev"
            mount --bind "$run" "$rootfs/run"
            mount -o remount,bind,ro "$rootfs/run"
            exec chroot --userspec="$user" "$rootfs" /usr/bin/env -C "$workdir" "$@"
            """;
    private static Path root;
    private static Path work;
    private static ImageArchive image;

    @BeforeAll
    static void buildAndUnpack() throws IOException {
        root = cluster.plane().root();
        var build = ControlPlane.Command.run(root, BUILD_TIMEOUT, null, List.of(root.resolve("hack/image/build.sh").toString()));
        assertThat(build.code()).as(build.all()).isZero();
        work = root.resolve("target/image-e2e");
        removeWorkFolder();
        image = ImageArchive.unpack(root.resolve("target/ballast-image.tar"), work.resolve("archive"));
        image.extractRootFilesystem(work.resolve("rootfs"));
    }

    @AfterAll
    static void removeWorkFolder() throws IOException {
        if (work == null || !Files.exists(work)) {
            return;
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("mounts left under " + work).doesNotContain(work.toString());
        var rm = ControlPlane.Command.run(root, Duration.ofMinutes(2), null, List.of("rm", "-rf", "--one-file-system", work.toString()));
        assertThat(rm.code()).as(rm.all()).isZero();
    }

    @Test
    void theArchiveIsAnOciLayoutAndADockerArchiveOfTheSameImageTaggedWithTheProjectVersion() throws IOException {
        assertThat(image.json("oci-layout").path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        JsonNode indexEntry = image.json("index.json").path("manifests").path(0);
        String manifestDigest = indexEntry.path("digest").asText();
        assertThat(ImageArchive.sha256(image.blob(manifestDigest))).isEqualTo(manifestDigest);
        assertThat(indexEntry.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo(tag());

        JsonNode manifest = image.manifest();
        String configDigest = manifest.path("config").path("digest").asText();
        assertThat(ImageArchive.sha256(image.blob(configDigest))).isEqualTo(configDigest);
        List<String> layers = image.layerDigests();
        assertThat(layers).hasSize(2); // the Debian base, then the application
        List<String> diffIds = new ArrayList<>();
        image.config().path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        assertThat(diffIds).isEqualTo(layers); // uncompressed layers: digest = diff_id
        for (String layer : layers) {
            assertThat(ImageArchive.sha256(image.blob(layer))).as(layer).isEqualTo(layer);
        }

        JsonNode docker = image.dockerManifest();
        assertThat(docker.path("RepoTags").toString()).isEqualTo("[\"ballast/ballast:" + tag() + "\"]");
        assertThat(docker.path("Config").asText()).isEqualTo("blobs/sha256/" + configDigest.substring(7));
        List<String> dockerLayers = new ArrayList<>();
        docker.path("Layers").forEach(l -> dockerLayers.add("sha256:" + l.asText().substring("blobs/sha256/".length())));
        assertThat(dockerLayers).isEqualTo(layers);
    }

    @Test
    void theConfigRunsBallastRunAsANonRootUserWithContainerJvmFlagsPortsAndLabels() throws IOException {
        JsonNode config = image.config().path("config");
        assertThat(config.path("User").asText()).isEqualTo(USER);
        assertThat(config.path("Entrypoint").toString()).isEqualTo("[\"/opt/ballast/bin/ballast\"]");
        assertThat(config.path("Cmd").toString()).isEqualTo("[\"run\"]");
        List<String> ports = new ArrayList<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder("8080/tcp", "8443/tcp");
        assertThat(env(config)).anySatisfy(e -> assertThat(e).startsWith("JAVA_TOOL_OPTIONS=")
                .contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError"));
        JsonNode labels = config.path("Labels");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("ballast");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(pomVersion());
        assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(git("rev-parse", "HEAD"));
        assertThat(labels.path("org.opencontainers.image.source").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isNotBlank();
        assertThat(image.config().path("os").asText()).isEqualTo("linux");
    }

    @Test
    void skopeoReadsItOfflineAsADockerArchiveAndAsAnOciArchive() throws IOException {
        Path archive = root.resolve("target/ballast-image.tar");
        var docker = skopeo("inspect", "--config", "docker-archive:" + archive);
        assertThat(docker.code()).as(docker.all()).isZero();
        assertThat(docker.out()).contains("\"User\": \"" + USER + "\"", "\"org.opencontainers.image.title\": \"ballast\"");
        var oci = skopeo("inspect", "--raw", "oci-archive:" + archive + ":" + tag());
        assertThat(oci.code()).as(oci.all()).isZero();
        assertThat(ImageArchive.sha256Of(oci.out())).isEqualTo(image.json("index.json").path("manifests").path(0).path("digest").asText());
    }

    @Test
    void itsEntrypointFromTheUnpackedRootFilesystemBecomesReadyAgainstTheApiServer() throws Exception {
        cluster.installCrds();
        Path kube = work.resolve("kube");
        Files.createDirectories(kube);
        var flat = cluster.kubectl("config", "view", "--raw", "--flatten");
        assertThat(flat.code()).as(flat.all()).isZero();
        Path kubeconfig = kube.resolve("kubeconfig");
        Files.writeString(kubeconfig, flat.out());
        for (Path p : List.of(kube, kubeconfig)) { // readable by the image's user only, like a Secret volume with fsGroup
            Files.setAttribute(p, "unix:uid", 10001);
            Files.setAttribute(p, "unix:gid", 10001);
        }
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = root.resolve("target/e2e-logs/image-entrypoint.log");
        Map<String, String> env = Map.of(
                "KUBECONFIG", "/run/kubeconfig",
                "QUARKUS_HTTP_PORT", String.valueOf(port), // the host's network: a free port, not 8080
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "BALLAST_WEBHOOK_ENABLED", "false"); // no serving certificate for 127.0.0.1 here

        Process process = launch(List.of(), kube, env, log);
        try {
            awaitReady(process, port, log);
            String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
            assertThat(field(status, "Uid")).isEqualTo("10001\t10001\t10001\t10001");
            assertThat(field(status, "Gid")).isEqualTo("10001\t10001\t10001\t10001");
            assertThat(Files.readString(log)).contains("Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=")
                    .doesNotContain("Read-only file system");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the image's process ignored SIGTERM for 30 s; log:\n" + Files.readString(log));
            }
        }
    }

    @Test
    void itsCliAuditsManifestsMountedIntoIt() throws Exception {
        Path log = root.resolve("target/e2e-logs/image-cli.log");
        Process process = launch(List.of("audit", "-f", "/run", "--fail-on", "none"), root.resolve("examples"), Map.of(), log);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("ballast audit in the image did not finish in 2 minutes; log:\n" + Files.readString(log));
        }
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).containsPattern("\\d+ workloads, \\d+ passed, \\d+ failed");
    }

    /**
     * Runs the image's entrypoint (with {@code args} in place of its command, when given) and environment plus
     * {@code extraEnv}, as its user, chrooted into the unpacked root filesystem, with {@code onRun} mounted on /run.
     */
    private static Process launch(List<String> args, Path onRun, Map<String, String> extraEnv, Path log) throws IOException {
        JsonNode config = image.config().path("config");
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", LAUNCH, "sh", work.resolve("rootfs").toString(), onRun.toString(),
                config.path("User").asText(), config.path("WorkingDir").asText()));
        config.path("Entrypoint").forEach(a -> command.add(a.asText()));
        if (args.isEmpty()) {
            config.path("Cmd").forEach(a -> command.add(a.asText()));
        } else {
            command.addAll(args);
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        for (String e : env(config)) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        pb.environment().putAll(extraEnv);
        return pb.start();
    }

    private static void awaitReady(Process process, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the image's entrypoint exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            try {
                last = http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("/readyz not 200 after " + READY_TIMEOUT + " (last " + last + "); log:\n" + Files.readString(log));
    }

    private static List<String> env(JsonNode config) {
        List<String> env = new ArrayList<>();
        config.path("Env").forEach(e -> env.add(e.asText()));
        return env;
    }

    private static String field(String procStatus, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(.+)$").matcher(procStatus);
        assertThat(m.find()).as(name + " in /proc status").isTrue();
        return m.group(1).trim();
    }

    private static String pomVersion() throws IOException {
        Matcher m = POM_VERSION.matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(m.find()).as("the project version in pom.xml").isTrue();
        return m.group(1);
    }

    /** The tag manifests/ name: the project version without -SNAPSHOT. */
    private static String tag() throws IOException {
        return pomVersion().replaceFirst("-SNAPSHOT$", "");
    }

    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        var result = ControlPlane.Command.run(root, Duration.ofSeconds(30), null, command);
        assertThat(result.code()).as(result.all()).isZero();
        return result.out().trim();
    }

    private static ControlPlane.Command.Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        try {
            return ControlPlane.Command.run(root, Duration.ofMinutes(2), null, command);
        } catch (IllegalStateException e) {
            throw new AssertionError("skopeo (Debian package 'skopeo'; .ci/run installs it) is needed to check the archive", e);
        }
    }
}
