package dev.ballast.cli;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.report.cluster.ClusterReport;
import dev.ballast.report.cluster.ClusterReportBuilder;
import dev.ballast.report.cluster.HtmlReportRenderer;
import dev.ballast.report.cluster.JsonReportRenderer;
import dev.ballast.report.cluster.MarkdownReportRenderer;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.policy.Policy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast report}: the operator's cluster report, built from a live cluster through a kubeconfig, read-only. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = BallastCli.Version.class,
        description = "Builds the cluster report (HTML, JSON or Markdown) from a live cluster; the operator need not run.")
final class ReportCommand implements Callable<Integer> {
    enum Format { html, json, markdown }

    @Spec
    CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--format", defaultValue = "html", paramLabel = "FORMAT", description = "html, json or markdown (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--ballast-namespace", defaultValue = "ballast-system", paramLabel = "NS",
            description = "Ballast's own namespace, never evaluated (default: ${DEFAULT-VALUE}).")
    String ballastNamespace;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build()) {
            LiveCluster cluster = LiveCluster.read(client, err);
            Evaluator evaluator = Rules.evaluator();
            List<ClusterReportBuilder.PolicyResults> results = new ArrayList<>();
            for (StabilityPolicy resource : cluster.policies()) {
                Policy policy;
                try {
                    policy = PolicyMapper.map(resource, Set.of(ballastNamespace));
                } catch (ManifestException e) {
                    err.println("ballast report: warning: StabilityPolicy " + resource.getMetadata().getName() + " skipped: " + e.getMessage());
                    continue;
                }
                results.add(ClusterReportBuilder.PolicyResults.of(policy.name(), policy.mode().name(),
                        cluster.objects().evaluate(evaluator, policy), resource.getStatus()));
            }
            ClusterReport report = ClusterReportBuilder.build(ClusterReport.Cluster.of(client), Instant.now(), results);
            String text = switch (format) {
                case html -> HtmlReportRenderer.render(report);
                case json -> JsonReportRenderer.render(report);
                case markdown -> MarkdownReportRenderer.render(report);
            };
            if (output == null) {
                spec.commandLine().getOut().print(text);
            } else {
                try {
                    Files.writeString(output, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InputException(output + ": cannot write: " + e.getMessage());
                }
            }
            return Gate.OK;
        }
    }

    private Config config() {
        Config base;
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw new InputException(kubeconfig + ": no such file or not readable (--kubeconfig)");
            }
            try {
                base = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
            } catch (IOException | RuntimeException e) {
                throw new InputException(kubeconfig + ": not a usable kubeconfig" + (context == null ? "" : " for context " + context)
                        + ": " + e.getMessage());
            }
        } else {
            base = Config.autoConfigure(context);
        }
        if (context != null && base.getCurrentContext() != null && !context.equals(base.getCurrentContext().getName())) {
            throw new InputException("context \"" + context + "\" not found in the kubeconfig");
        }
        // fail fast on an unreachable cluster instead of the client's default ten retries
        return new ConfigBuilder(base).withRequestRetryBackoffLimit(1).withConnectionTimeout(10_000).withRequestTimeout(60_000).build();
    }
}
