package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The plain-form reader must read exactly what picocli reads, and leave every other form to picocli. */
class AuditArgumentsTest {
    static Stream<List<String>> plain() {
        return Stream.of(
                List.of("audit", "-f", "examples/"),
                List.of("audit", "-f", "-"),
                List.of("audit", "--file=a.yaml", "-f", "b.yaml", "--file", "dir"),
                List.of("audit", "-f", "x", "--format", "json", "--fail-on", "none"),
                List.of("audit", "-f", "x", "--format=sarif", "--fail-on=critical", "--base-dir", "/src"),
                List.of("audit", "--policy", "p.yaml", "-f", "x", "--no-color", "--allow-empty"),
                List.of("audit", "-f", "x", "--strict", "--crd", "a.yaml", "--crd=b", "--ignore-missing-schemas"),
                List.of("audit", "-f", "x", "--format", "table"),
                List.of("audit", "-f", "x", "--format", "junit", "--format-not-really-but-a-path-value-is-fine", "y"));
    }

    @ParameterizedTest
    @MethodSource("plain")
    void readsWhatPicocliReads(List<String> args) {
        AuditCommand fast = AuditArguments.parse(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), false);
        if (args.contains("--format-not-really-but-a-path-value-is-fine")) {
            assertThat(fast).isNull(); // an unknown option: picocli says so
            return;
        }
        AuditCommand picocli = new AuditCommand(new ByteArrayInputStream(new byte[0]), false);
        new CommandLine(picocli).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(args.subList(1, args.size()).toArray(String[]::new));

        assertThat(fast).isNotNull();
        assertThat(fields(fast)).isEqualTo(fields(picocli));
    }

    static Stream<List<String>> forPicocli() {
        return Stream.of(
                List.of("audit"),
                List.of("audit", "--help"),
                List.of("audit", "-f", "x", "-V"),
                List.of("audit", "--strict", "--no-color"), // -f is required: picocli says so
                List.of("audit", "-f", "x", "--format", "JSON"), // case-insensitive enums
                List.of("audit", "-f", "x", "--format", "xml"),
                List.of("audit", "-f", "x", "--format", "json", "--format", "yaml"),
                List.of("audit", "-f", "x", "--min-score", "80"),
                List.of("audit", "-f", "x", "--max-file-size", "1000"),
                List.of("audit", "-f", "x", "--strict=true"),
                List.of("audit", "-f", "--strict"),
                List.of("audit", "-f", "x", "--policy"),
                List.of("audit", "-f", "@args.txt"),
                List.of("audit", "-fdir"),
                List.of("audit", "-f", "x", "extra"),
                List.of("audit", "-f", "x", "--", "y"),
                List.of("audit", "-f", "x", "--policy", "a\u0000b"), // not a path: picocli says so
                List.of("report", "-f", "x"));
    }

    @ParameterizedTest
    @MethodSource("forPicocli")
    void leavesEveryOtherFormToPicocli(List<String> args) {
        assertThat(AuditArguments.parse(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), false)).isNull();
    }

    private static List<Object> fields(AuditCommand a) {
        return Arrays.asList(a.inputs, a.policyFile, a.format, a.failOn, a.minScore, a.noColor, a.allowEmpty, a.baseDir,
                a.strict, a.crds, a.ignoreMissingSchemas, a.limits.maxFileBytes, a.limits.maxLineChars,
                a.limits.maxScalarChars);
    }
}
