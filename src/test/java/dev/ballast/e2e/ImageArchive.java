package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The image archive that {@code make image} writes, unpacked into a folder with the system tar: its OCI layout
 * (index.json, the image manifest, config and layer blobs) and its Docker manifest (manifest.json).
 */
final class ImageArchive {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TAR_TIMEOUT = Duration.ofMinutes(3);
    private final Path dir;

    private ImageArchive(Path dir) {
        this.dir = dir;
    }

    static ImageArchive unpack(Path archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        tar(dir, "-xf", archive.toString(), "-C", dir.toString());
        return new ImageArchive(dir);
    }

    JsonNode json(String name) throws IOException {
        return JSON.readTree(dir.resolve(name).toFile());
    }

    /** The single entry of manifest.json (the `docker load` view). */
    JsonNode dockerManifest() throws IOException {
        JsonNode entries = json("manifest.json");
        assertThat(entries.size()).as("manifest.json entries").isEqualTo(1);
        return entries.get(0);
    }

    /** The OCI image manifest that index.json points to. */
    JsonNode manifest() throws IOException {
        return JSON.readTree(blob(json("index.json").path("manifests").path(0).path("digest").asText()).toFile());
    }

    JsonNode config() throws IOException {
        return JSON.readTree(blob(manifest().path("config").path("digest").asText()).toFile());
    }

    Path blob(String digest) {
        assertThat(digest).as("digest").startsWith("sha256:");
        return dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    List<String> layerDigests() throws IOException {
        List<String> digests = new ArrayList<>();
        manifest().path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    /** Extracts the layers in order, keeping their numeric owners and modes (as a container runtime would; root only). */
    void extractRootFilesystem(Path rootfs) throws IOException {
        Files.createDirectories(rootfs);
        for (String digest : layerDigests()) {
            tar(dir, "--numeric-owner", "-xpf", blob(digest).toString(), "-C", rootfs.toString());
        }
    }

    static String sha256Of(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void tar(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(args));
        var result = ControlPlane.Command.run(dir, TAR_TIMEOUT, null, command);
        assertThat(result.code()).as(String.join(" ", command) + ": " + result.all()).isZero();
    }
}
