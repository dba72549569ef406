package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `make install-plugin` and the real kubectl: the plugin is found on PATH and runs the CLI through the link. */
class KubectlPluginE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    @TempDir
    static Path plugins;

    @BeforeAll
    static void install() {
        // -o: the packaged app is already built by this Maven run; never rebuild it from inside a test
        var make = ControlPlane.Command.run(cluster.plane().root(), Duration.ofMinutes(2), null,
                List.of("make", "-s", "install-plugin", "PLUGIN_DIR=" + plugins, "-o", "target/quarkus-app/quarkus-run.jar"));
        assertThat(make.code()).as(make.all()).isZero();
        assertThat(Files.isSymbolicLink(plugins.resolve("kubectl-ballast"))).isTrue();
    }

    static ControlPlane.Command.Result kubectlWithPlugin(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "PATH=" + plugins + ":" + System.getenv("PATH"),
                "KUBECONFIG=" + cluster.plane().kubeconfig(), // kubectl refuses flags before a plugin's name
                cluster.plane().root().resolve(".controlplane/bin/kubectl").toString()));
        command.addAll(List.of(args));
        return ControlPlane.Command.run(Path.of(System.getProperty("java.io.tmpdir")), Duration.ofMinutes(1), null, command);
    }

    @Test
    void kubectlListsThePlugin() {
        var list = kubectlWithPlugin("plugin", "list");
        assertThat(list.code()).as(list.all()).isZero();
        assertThat(list.out()).contains(plugins.resolve("kubectl-ballast").toString());
    }

    @Test
    void kubectlBallastVersionRunsTheCliFromAnotherDirectory() throws Exception {
        var version = kubectlWithPlugin("ballast", "--version");
        assertThat(version.code()).as(version.all()).isZero();
        String pom = Files.readString(cluster.plane().root().resolve("pom.xml"));
        String projectVersion = pom.substring(pom.indexOf("<version>", pom.indexOf("<artifactId>ballast</artifactId>")) + 9);
        assertThat(version.out().trim()).isEqualTo("ballast " + projectVersion.substring(0, projectVersion.indexOf('<')));
    }

    @Test
    void kubectlBallastAuditPassesItsArgumentsAndExitCode() {
        String examples = cluster.plane().root().resolve("examples/workloads").toString();
        var audit = kubectlWithPlugin("ballast", "audit", "-f", examples, "--format", "json");
        assertThat(audit.code()).as("violations trip the default gate: " + audit.err()).isEqualTo(1);
        assertThat(audit.out()).contains("\"summary\"").contains("\"workloads\"");
        var bad = kubectlWithPlugin("ballast", "audit", "--no-such-flag");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("ballast audit: error:");
    }
}
