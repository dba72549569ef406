package dev.ballast.cli;

import dev.ballast.report.Plural;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast fix}: repairs manifests in place with the engine's fixer, keeping every untouched line. */
@Command(name = "fix", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = BallastCli.Version.class,
        description = {"Repair Kubernetes manifests in place, offline: fill in what the author left unset "
                + "(runAsNonRoot, allowPrivilegeEscalation, capabilities.drop ALL, seccompProfile, memory limit = request) "
                + "and move HPA CPU targets and probe timeouts/thresholds to the policy's limit. Explicit values "
                + "(privileged: true, runAsNonRoot: false) are kept and reported. Comments, key order, quoting and "
                + "untouched lines stay byte-identical."},
        footer = {"", "Exit codes: 0 nothing left to fix, 1 violations remain that fix cannot repair, "
                + "2 bad usage or unreadable input (no file is written)."})
final class FixCommand implements Callable<Integer> {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR",
            description = "Manifest file or directory (recursive: *.yaml, *.yml, *.json). Repeatable.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE|DIR",
            description = "StabilityPolicy file or directory. Default: the shipped baseline policy.")
    Path policyFile;

    @Option(names = "--dry-run", description = "Write nothing; report what would change (and the exit code it would give).")
    boolean dryRun;

    @Option(names = "--diff", description = "Print a unified diff of each changed file.")
    boolean diff;

    @Mixin
    InputLimits limits = InputLimits.defaults();

    @Override
    public Integer call() throws IOException {
        limits.check();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path input : inputs) {
            if ("-".equals(input.toString())) {
                throw new InputException("-: fix rewrites files in place; stdin is not supported");
            }
            List<Path> files = Files.isDirectory(input) ? ManifestReader.filesUnder(input) : List.of(input);
            for (Path file : files) {
                texts.put(file.toString(), InputText.read(file, limits));
            }
        }
        if (texts.isEmpty()) {
            throw new InputException(inputs + ": no *.yaml, *.yml or *.json file to fix");
        }
        ManifestFixer.Result result = new ManifestFixer(AuditCommand.readPolicies(policyFile, limits), limits).fix(texts, !dryRun);
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<String, String> e : result.fixed().entrySet()) {
            if (diff) {
                out.print(UnifiedDiff.of(e.getKey(), texts.get(e.getKey()), e.getValue()));
            }
            if (!dryRun) {
                write(Path.of(e.getKey()), e.getValue());
            }
        }
        String verb = dryRun ? "would fix" : "fixed";
        result.repaired().forEach(r -> out.println(verb + ": " + r));
        result.remaining().forEach(r -> out.println("cannot fix: " + r));
        out.println(Plural.of(result.repaired().size(), "repair") + " in " + Plural.of(result.fixed().size(), "file")
                + (dryRun ? " (dry run: nothing written)" : "") + "; " + Plural.of(result.remaining().size(), "violation")
                + " left that fix cannot repair");
        out.flush();
        return result.remaining().isEmpty() ? Gate.OK : Gate.TRIPPED;
    }

    /** Rewrites the file in place (keeping its permissions) and a leading UTF-8 BOM if it had one. */
    private static void write(Path file, String text) throws IOException {
        boolean bom;
        try (InputStream in = Files.newInputStream(file)) {
            bom = java.util.Arrays.equals(in.readNBytes(3), BOM);
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = body;
        if (bom) {
            bytes = new byte[body.length + 3];
            System.arraycopy(BOM, 0, bytes, 0, 3);
            System.arraycopy(body, 0, bytes, 3, body.length);
        }
        Files.write(file, bytes);
    }
}
