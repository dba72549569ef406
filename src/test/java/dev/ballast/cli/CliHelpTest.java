package dev.ballast.cli;

import static dev.ballast.cli.AuditCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Issue #11 item 13: help works for every subcommand, and errors name the subcommand that failed. */
class CliHelpTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "audit --help, Usage: ballast audit",
            "audit -h, Usage: ballast audit",
            "report --help, Usage: ballast report",
            "report -h, Usage: ballast report",
            "run --help, Usage: ballast run",
            "run -h, Usage: ballast run",
            "help audit, Usage: ballast audit",
            "help run, Usage: ballast run",
            "--help, Usage: ballast",
    })
    void helpExitsZeroForEveryCommand(String args, String usage) {
        AuditCommandTest.Run r = run(args.split(" "));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(usage);
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit", "fix", "report", "run"})
    void versionWorksOnEverySubcommand(String command) {
        AuditCommandTest.Run r = run(command, "-V");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("ballast ");
    }

    /** {@code ballast --version} alone is answered before picocli builds any command model: the same line it prints. */
    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionAloneIsWhatPicocliPrints(String flag) {
        StringWriter picocli = new StringWriter();
        new CommandLine(new BallastCli()).printVersionHelp(new PrintWriter(picocli, true));
        AuditCommandTest.Run r = run(flag);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(picocli.toString()).startsWith("ballast ");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit", "fix", "report", "run"})
    void usageErrorsNameTheSubcommand(String command) {
        AuditCommandTest.Run r = "audit".equals(command) || "fix".equals(command) ? run(command, "-f", "examples", "--bogus") : run(command, "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast " + command + ": error: Unknown option: '--bogus'")
                .contains("Try 'ballast " + command + " --help'.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "audit -f missing.yaml; ballast audit: error: missing.yaml: no such file or directory",
            "fix -f missing.yaml; ballast fix: error: missing.yaml: no such file or directory",
            "report --kubeconfig missing-kubeconfig; ballast report: error: missing-kubeconfig: no such file",
            "run; ballast run: error: the operator starts from the Quarkus application",
    })
    void executionErrorsNameTheSubcommand(String args, String expected) {
        AuditCommandTest.Run r = run(args.split(" "));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith(expected);
    }

    @org.junit.jupiter.api.Test
    void aMissingRequiredOptionNamesTheSubcommand() {
        AuditCommandTest.Run r = run("audit", "--format", "json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: Missing required option: '--file=FILE|DIR|-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit", "fix", "report", "run"})
    void theTopLevelHelpListsEverySubcommand(String command) {
        assertThat(run("--help").out()).containsPattern("(?m)^\\s+" + command + "\\s");
    }
}
