package dev.ballast.cli;

import static dev.ballast.cli.AuditCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 items 6 and 18: an object defined in two files is counted as evaluated (twice) and every format says so;
 * SARIF locations are relative to the working directory (or --base-dir) against %SRCROOT%, with forward slashes.
 */
class AuditDuplicatesAndSarifPathsTest {
    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers: [{name: app, image: x}]
            """;

    static Path twoCopies(Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), WEB);
        Files.writeString(dir.resolve("b.yaml"), "# the same object again\n" + WEB);
        return dir;
    }

    @Test
    void anObjectDefinedTwiceIsCountedAsEvaluatedAndNamedInEveryFormat(@TempDir Path dir) throws Exception {
        twoCopies(dir);
        String warning = "default/Deployment/web is defined twice: " + dir.resolve("a.yaml") + ":1 and "
                + dir.resolve("b.yaml") + ":2; both are evaluated and counted";

        AuditCommandTest.Run json = run("audit", "-f", dir.toString(), "--format", "json", "--fail-on", "none");
        assertThat(json.json().get("summary").get("workloads").asInt()).isEqualTo(2);
        assertThat(json.json().get("warnings")).hasSize(1);
        assertThat(json.json().get("warnings").get(0).asText()).isEqualTo(warning);
        assertThat(json.err()).isEqualTo("ballast audit: warning: " + warning + System.lineSeparator());

        AuditCommandTest.Run table = run("audit", "-f", dir.toString(), "--fail-on", "none");
        assertThat(table.out()).contains("2 workloads,").doesNotContain("defined twice");
        assertThat(table.err()).contains(warning);

        JsonNode sarifRun = run("audit", "-f", dir.toString(), "--format", "sarif", "--fail-on", "none").json().get("runs").get(0);
        JsonNode notification = sarifRun.get("invocations").get(0).get("toolExecutionNotifications").get(0);
        assertThat(notification.get("level").asText()).isEqualTo("warning");
        assertThat(notification.get("message").get("text").asText()).isEqualTo(warning);

        assertThat(run("audit", "-f", dir.toString(), "--format", "markdown", "--fail-on", "none").out())
                .contains("> **Warning:** " + warning);
        assertThat(run("audit", "-f", dir.toString(), "--format", "yaml", "--fail-on", "none").out()).contains("warnings:");
    }

    @Test
    void withoutDuplicatesTheJsonShapeIsUnchangedAndNothingIsWarned() throws Exception {
        AuditCommandTest.Run r = run("audit", "-f", "examples/workloads", "--format", "json", "--fail-on", "none");
        assertThat(r.json().fieldNames()).toIterable().containsExactly("summary", "findings");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void sarifPathsAreRelativeToTheWorkingDirectoryEvenWhenGivenAbsolute() throws Exception {
        Path absolute = Path.of("examples/workloads").toAbsolutePath();
        JsonNode sarifRun = run("audit", "-f", absolute.toString(), "--format", "sarif", "--fail-on", "none").json().get("runs").get(0);
        assertThat(sarifRun.get("originalUriBaseIds").get("%SRCROOT%").get("uri").asText())
                .isEqualTo(Path.of("").toAbsolutePath().toUri().toString());
        for (JsonNode result : sarifRun.get("results")) {
            JsonNode artifact = result.get("locations").get(0).get("physicalLocation").get("artifactLocation");
            assertThat(artifact.get("uri").asText()).isEqualTo("examples/workloads/non-compliant.yaml");
            assertThat(artifact.get("uriBaseId").asText()).isEqualTo("%SRCROOT%");
        }
    }

    @Test
    void baseDirChangesWhatPathsAreRelativeTo(@TempDir Path dir) throws Exception {
        Path nested = Files.createDirectories(dir.resolve("deploy/with space"));
        Files.writeString(nested.resolve("web.yaml"), WEB);
        JsonNode sarifRun = run("audit", "-f", nested.toString(), "--format", "sarif", "--fail-on", "none",
                "--base-dir", dir.toString()).json().get("runs").get(0);
        assertThat(sarifRun.get("originalUriBaseIds").get("%SRCROOT%").get("uri").asText()).isEqualTo(dir.toUri().toString());
        JsonNode artifact = sarifRun.get("results").get(0).get("locations").get(0).get("physicalLocation").get("artifactLocation");
        assertThat(artifact.get("uri").asText()).isEqualTo("deploy/with%20space/web.yaml");
        assertThat(artifact.get("uriBaseId").asText()).isEqualTo("%SRCROOT%");

        // a file outside the base directory keeps an absolute file: URI (no uriBaseId) rather than a ../ path
        JsonNode outside = run("audit", "-f", nested.toString(), "--format", "sarif", "--fail-on", "none",
                "--base-dir", "examples").json().get("runs").get(0).get("results").get(0)
                .get("locations").get(0).get("physicalLocation").get("artifactLocation");
        assertThat(outside.get("uri").asText()).isEqualTo(nested.resolve("web.yaml").toUri().toString());
        assertThat(outside.has("uriBaseId")).isFalse();
    }
}
