package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifests/optional/monitoring against what Ballast really exports: every PromQL expression of the alerts and the
 * Grafana dashboard parses with Prometheus's own parser (hack/tools/promql-check, built from the Go module proxy)
 * and names only metrics found on a running operator's /q/metrics, after a reconcile and an admission review; every
 * alert names a runbook section that exists in the README.
 */
class MonitoringE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MONITORING = Path.of("manifests/optional/monitoring");
    /** What Grafana substitutes for the dashboard's variables before it sends a query: "All" and a rate window. */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "5m", "$policy", ".*", "$namespace", ".*");
    @TempDir
    static Path tls;
    static String checker;
    static OperatorProcess operator;
    static String metrics;

    static String home() {
        return cluster.namespace() + "-home";
    }

    static String configuration() {
        return "ballast-" + cluster.namespace();
    }

    @BeforeAll
    static void operatorAfterAReconcileAndAReview() throws Exception {
        var build = ControlPlane.Command.run(root(), Duration.ofMinutes(35), null, List.of("hack/tools/build.sh", "promql-check"));
        assertThat(build.code()).as("promql-check must build from the Go module proxy: " + build.all()).isZero();
        checker = build.out().trim();

        String ns = cluster.namespace();
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(home()).endMetadata().build()).create();
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-monitoring-e2e=" + ns, "--overwrite"));
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: monitoring-%s}
                spec:
                  mode: Warn
                  match: {namespaceSelector: {matchLabels: {ballast-monitoring-e2e: %s}}}
                  rules: {probes: {}, resources: {}, runtime: {}}
                """.formatted(ns, ns), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(deployment("web"), "apply", "-f", "-"));
        crashLoopingPod("web");
        int httpsPort = OperatorProcess.freePort();
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), httpsPort,
                Map.of("ballast-monitoring-e2e", ns)), "apply", "-f", "-"));
        operator = OperatorProcess.start(cluster.plane(), "operator-monitoring", WebhookFixture.env(home(), httpsPort, configuration()));
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment("api"),
                "apply", "--dry-run=server", "-f", "-").err()).contains("Warning: monitoring-" + ns + "/"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            metrics = operator.get("/q/metrics").body();
            assertThat(metrics).contains("ballast_compliance_score{", "ballast_admission_duration_seconds_bucket{",
                    "ballast_runtime_failures{");
        });
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (operator != null) {
            operator.close();
        }
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", "monitoring-" + cluster.namespace(), "--wait=false");
    }

    static Path root() {
        return cluster.plane().root();
    }

    static String deployment(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: app, image: example/app:1}]}
                """.formatted(name, cluster.namespace(), name, name);
    }

    /**
     * A Pod of the Deployment (through a ReplicaSet known by its pod-template-hash naming; no kubelet here) whose
     * status says it crash-loops, so ballast_runtime_failures is exported.
     */
    static void crashLoopingPod(String deployment) {
        ok(cluster.kubectlWithStdin("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s-7c9f-a
                  namespace: %s
                  labels: {app: %s, pod-template-hash: 7c9f}
                  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %s-7c9f, uid: 6f0e8c1a-0000-4000-8000-000000000001, controller: true}]
                spec: {containers: [{name: app, image: example/app:1}]}
                """.formatted(deployment, cluster.namespace(), deployment, deployment), "apply", "-f", "-"));
        ok(cluster.kubectl("patch", "pod", deployment + "-7c9f-a", "-n", cluster.namespace(), "--subresource=status",
                "--type=merge", "-p", "{\"status\":{\"containerStatuses\":[{\"name\":\"app\",\"image\":\"example/app:1\","
                        + "\"imageID\":\"\",\"ready\":false,\"restartCount\":6,"
                        + "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}"));
    }

    /** Every expression of the PrometheusRules (by alert) and the dashboard (by panel, and its variables' metrics). */
    static Map<String, String> expressions() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode rules = YAML.readTree(root().resolve(MONITORING).resolve("prometheusrules.yaml").toFile());
        for (JsonNode group : rules.at("/spec/groups")) {
            for (JsonNode rule : group.get("rules")) {
                queries.put("alert " + rule.get("alert").asText(), rule.get("expr").asText());
            }
        }
        JsonNode dashboard = JSON.readTree(root().resolve(MONITORING).resolve("ballast-dashboard.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.put("panel " + panel.get("title").asText() + " " + target.get("refId").asText(), grafana(target.get("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            String query = variable.at("/query/query").asText("");
            if (query.startsWith("label_values(")) { // Grafana's function, not PromQL: its first argument is a selector
                queries.put("variable " + variable.get("name").asText(), query.substring("label_values(".length(), query.lastIndexOf(',')));
            }
        }
        return queries;
    }

    static String grafana(String expr) {
        String substituted = expr;
        for (var variable : GRAFANA_VARIABLES.entrySet()) {
            substituted = substituted.replace(variable.getKey(), variable.getValue());
        }
        return substituted;
    }

    /** Runs promql-check on the queries: for each, the parse error (empty when it parses) and the metrics it selects. */
    static Map<String, JsonNode> check(Map<String, String> queries) throws Exception {
        ArrayNode input = JSON.createArrayNode();
        queries.forEach((name, expr) -> input.addObject().put("name", name).put("expr", expr));
        var run = ControlPlane.Command.run(root(), Duration.ofSeconds(60), JSON.writeValueAsString(input), List.of(checker));
        assertThat(run.code()).as(run.all()).isZero();
        Map<String, JsonNode> checked = new LinkedHashMap<>();
        JSON.readTree(run.out()).forEach(c -> checked.put(c.get("name").asText(), c));
        assertThat(checked.keySet()).containsExactlyElementsOf(queries.keySet());
        return checked;
    }

    /** Series names on /q/metrics (histograms as _bucket, _count, _sum), read off the exposition's sample lines. */
    static Set<String> exported() {
        return metrics.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theCheckerIsPrometheussParser() throws Exception {
        var checked = check(Map.of("broken", "sum by (policy) (ballast_compliance_score", "fine",
                "rate(ballast_remediations_total[5m]) / on (policy) ballast_compliance_score", "nameless", "{policy=\"x\"}"));
        assertThat(checked.get("broken").get("error").asText()).contains("unclosed left parenthesis");
        assertThat(checked.get("fine").get("error").asText()).isEmpty();
        assertThat(checked.get("fine").get("metrics").toString()).isEqualTo("[\"ballast_compliance_score\",\"ballast_remediations_total\"]");
        assertThat(checked.get("nameless").get("error").asText()).isNotEmpty();
    }

    @Test
    void everyExpressionParsesAndNamesOnlyMetricsBallastExports() throws Exception {
        Map<String, String> queries = expressions();
        assertThat(queries.keySet()).filteredOn(k -> k.startsWith("alert ")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(queries.keySet()).filteredOn(k -> k.startsWith("panel ")).hasSizeGreaterThanOrEqualTo(10);
        Set<String> exported = exported();
        Set<String> named = new TreeSet<>();
        check(queries).forEach((name, result) -> {
            assertThat(result.get("error").asText()).as(name + ": " + queries.get(name)).isEmpty();
            assertThat(result.get("metrics")).as(name + " names no metric").isNotEmpty();
            result.get("metrics").forEach(m -> {
                assertThat(exported).as(name + " uses " + m.asText() + ", which /q/metrics does not export").contains(m.asText());
                named.add(m.asText());
            });
        });
        assertThat(named).as("the dashboard and alerts cover score, violations, runtime failures, admission latency and rejections")
                .contains("ballast_compliance_score", "ballast_violations", "ballast_admission_duration_seconds_bucket",
                        "ballast_webhook_rejected_total", "ballast_runtime_failures");
    }

    @Test
    void everyAlertNamesARunbookSectionOfTheReadme() throws Exception {
        Set<String> anchors = Files.readString(root().resolve("README.md")).lines().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
        JsonNode rules = YAML.readTree(root().resolve(MONITORING).resolve("prometheusrules.yaml").toFile());
        for (JsonNode rule : rules.findValues("rules").stream().flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false)).toList()) {
            String runbook = rule.at("/annotations/runbook").asText();
            assertThat(runbook).as(rule.get("alert").asText()).startsWith("README.md#");
            assertThat(anchors).as(rule.get("alert").asText() + " -> " + runbook).contains(runbook.substring("README.md#".length()));
            assertThat(rule.at("/labels/severity").asText()).isIn("info", "warning", "critical");
        }
    }

    @Test
    void theKustomizationRendersTheThreeObjectsWithTheDashboardForGrafanasSidecar() throws Exception {
        var build = cluster.kubectl("kustomize", MONITORING.toString());
        assertThat(build.code()).as(build.all()).isZero();
        var objects = RenderedObjects.byIdentity(RenderedObjects.parse(build.out()));
        assertThat(objects.keySet()).containsExactlyInAnyOrder("ServiceMonitor ballast-system/ballast",
                "PrometheusRule ballast-system/ballast", "ConfigMap ballast-system/ballast-grafana-dashboard");
        var dashboard = objects.get("ConfigMap ballast-system/ballast-grafana-dashboard");
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(JSON.readTree(dashboard.at("/data/ballast-dashboard.json").asText()).get("uid").asText()).isEqualTo("ballast-overview");
        var endpoint = objects.get("ServiceMonitor ballast-system/ballast").at("/spec/endpoints/0");
        assertThat(endpoint.get("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.get("port").asText()).isEqualTo("http");
    }
}
