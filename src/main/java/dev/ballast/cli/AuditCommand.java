package dev.ballast.cli;

import dev.ballast.report.AuditRenderer;
import dev.ballast.report.AuditResult;
import dev.ballast.report.JsonAuditRenderer;
import dev.ballast.report.JunitAuditRenderer;
import dev.ballast.report.MarkdownAuditRenderer;
import dev.ballast.report.SarifAuditRenderer;
import dev.ballast.report.TableAuditRenderer;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast audit}: evaluates manifests offline with the same engine as the operator and the webhook. */
@Command(name = "audit", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = BallastCli.Version.class,
        description = "Check Kubernetes manifests against StabilityPolicies, offline (no cluster, no network).",
        footer = {"", "Exit codes: 0 passed, 1 the --fail-on/--min-score gate tripped, 2 bad usage or unreadable input.",
                "Limits per document (fixed): nesting depth " + InputLimits.MAX_DEPTH + ", " + InputLimits.MAX_ALIASES
                        + " YAML aliases, " + InputLimits.MAX_NODES + " values after alias expansion."})
final class AuditCommand implements Callable<Integer> {
    static final String NAME = "ballast audit";

    enum Format { table, json, yaml, sarif, junit, markdown }

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR|-",
            description = "Manifest file, directory (recursive: *.yaml, *.yml, *.json) or - for stdin. Repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE|DIR",
            description = "StabilityPolicy file (may hold several) or directory (every *.yaml, *.yml, *.json in it, "
                    + "recursively). Default: the shipped baseline policy.")
    Path policyFile;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, yaml, sarif, junit or markdown. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--fail-on", defaultValue = "violation", paramLabel = "LEVEL",
            description = "none, violation or critical: which failures make the exit code 1. Default: ${DEFAULT-VALUE}.")
    Gate.FailOn failOn;

    @Option(names = "--min-score", paramLabel = "N", description = "Exit 1 when the score is below N (0-100).")
    Integer minScore;

    @Option(names = "--no-color", description = "Never colour the table (colour is only used on a terminal anyway).")
    boolean noColor;

    @Option(names = "--allow-empty", description = "Pass when an input holds no Kubernetes object (default: exit 2).")
    boolean allowEmpty;

    @Option(names = "--base-dir", paramLabel = "DIR",
            description = "SARIF file paths are relative to DIR (default: the working directory).")
    Path baseDir;

    @Option(names = "--strict", description = "Also validate every manifest against the OpenAPI schema of its kind "
            + "(the Kubernetes version Ballast is built against, shipped; Ballast's CRDs; --crd): unknown fields, "
            + "wrong types, missing required fields and bad enums are schema-invalid findings, with file and line.")
    boolean strict;

    @Option(names = "--crd", paramLabel = "FILE|DIR",
            description = "With --strict: CustomResourceDefinition file or directory whose schemas validate custom resources. Repeatable.")
    List<Path> crds = new ArrayList<>();

    @Option(names = "--ignore-missing-schemas",
            description = "With --strict: objects of kinds with no known schema pass silently (default: one skip per kind).")
    boolean ignoreMissingSchemas;

    @Mixin
    InputLimits limits = InputLimits.defaults();

    private final InputStream stdin;
    private final boolean terminal;

    AuditCommand(InputStream stdin, boolean terminal) {
        this.stdin = stdin;
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The audit, writing its report to {@code out} and warnings to {@code err}; returns the exit code. */
    int run(PrintWriter out, PrintWriter err) throws IOException {
        if (minScore != null && (minScore < 0 || minScore > 100)) {
            throw new InputException("--min-score must be between 0 and 100, got " + minScore);
        }
        if (!strict && (!crds.isEmpty() || ignoreMissingSchemas)) {
            throw new InputException("--crd and --ignore-missing-schemas need --strict");
        }
        limits.check();
        // the manifests are parsed in the background while the policies are read: a policy error still comes first
        ManifestReader reader = new ManifestReader(stdin, limits, allowEmpty, strict);
        // without --strict each object is mapped to what the rules read as soon as it is parsed, and its tree dropped;
        // --strict validates the trees themselves, so they are kept
        ManifestReader.Reading<Document> trees = strict ? reader.start(inputs, document -> document) : null;
        ManifestReader.Reading<AuditInput.Mapped> mapped = strict ? null : reader.start(inputs, AuditInput::map);
        List<Policy> policies;
        StrictCheck strictCheck;
        try {
            policies = readPolicies(policyFile, limits);
            strictCheck = strict ? StrictCheck.of(crds, ignoreMissingSchemas, limits) : null;
        } catch (RuntimeException | IOException e) {
            (strict ? trees : mapped).cancel();
            throw e;
        }
        AuditResult result;
        if (strictCheck == null) {
            AuditInput input = AuditInput.ofMapped(mapped.documents());
            result = AuditResult.of(evaluate(policies, input), input.warnings());
        } else {
            List<Document> documents = trees.documents();
            StrictCheck.Outcome schema = strictCheck.check(documents);
            AuditInput input = AuditInput.of(documents, schema.invalid()::contains);
            List<Evaluation> evaluations = new ArrayList<>(evaluate(policies, input));
            evaluations.addAll(schema.evaluations());
            result = AuditResult.of(evaluations, input.warnings(), schema.lines());
        }
        result.warnings().forEach(w -> err.println(NAME + ": warning: " + w));
        err.flush();
        renderer().render(result, out);
        out.flush();
        return Gate.exitCode(result, failOn, minScore);
    }

    static List<Evaluation> evaluate(List<Policy> policies, AuditInput input) {
        return input.objects().evaluate(Rules.evaluator(), policies);
    }

    /** The policies of {@code --policy} (a file or directory), or the shipped baseline when it is null. */
    static List<Policy> readPolicies(Path policyFile, InputLimits limits) throws IOException {
        if (policyFile == null) {
            return BaselinePolicy.policies();
        }
        PolicyReader reader = new PolicyReader(limits);
        if (Files.isDirectory(policyFile)) {
            List<Path> files = ManifestReader.filesUnder(policyFile);
            if (files.isEmpty()) {
                throw new InputException(policyFile + ": directory holds no *.yaml, *.yml or *.json file (--policy)");
            }
            for (Path file : files) {
                reader.read(file.toString(), InputText.read(file, limits));
            }
        } else {
            reader.read(policyFile.toString(), InputText.read(policyFile, limits));
        }
        return reader.policies();
    }

    private AuditRenderer renderer() {
        return switch (format) {
            case table -> new TableAuditRenderer(terminal && !noColor && System.getenv("NO_COLOR") == null);
            case json -> JsonAuditRenderer.json();
            case yaml -> JsonAuditRenderer.yaml();
            case sarif -> new SarifAuditRenderer(BallastCli.version(),
                    (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize());
            case junit -> new JunitAuditRenderer();
            case markdown -> new MarkdownAuditRenderer();
        };
    }
}
