package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.cli.BallastCli;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The availability, images, CPU request and read-only root filesystem rules through the real API server, applied with
 * the real kubectl: a workload with an HPA and a PodDisruptionBudget that blocks eviction shows each rule in policy
 * status and in its PolicyReport (as `ballast audit` finds on the same objects), a fix to the PDB alone is followed
 * (the operator's PDB informer), and in Enforce the webhook denies a replicated Deployment no PDB selects and a PDB
 * that blocks every eviction, then admits the Deployment once an allowing PDB is in its cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AvailabilityRulesE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static OperatorProcess ballast;
    static String ns;
    static int httpsPort;

    /** Judged in Enforce by the webhook; the audited namespace {@code ns} is not registered for admission. */
    static String enforced() {
        return ns + "-enforce";
    }

    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-avail-" + ns;
    }

    static String audited() {
        return "avail-" + ns;
    }

    static String enforcing() {
        return "avail-enforce-" + ns;
    }

    static String auditPolicy() {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s, labels: {ballast-avail: %s}}
                spec:
                  mode: Audit
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-avail: %s}}
                  rules:
                    availability: {minReplicas: 3, requireSpread: true}
                    images: {}
                    resources: {cpuRequestRequired: true}
                    securityContext: {readOnlyRootFilesystem: true}
                """.formatted(audited(), ns, ns);
    }

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        httpsPort = OperatorProcess.freePort();
        cluster.installCrds("manifests/optional/policyreport-crd.yaml");
        ok(cluster.kubectl("label", "namespace", ns, "ballast-avail=" + ns, "--overwrite"));
        ok(cluster.kubectl("create", "namespace", home()));
        ok(cluster.kubectl("create", "namespace", enforced()));
        ok(cluster.kubectl("label", "namespace", enforced(), "ballast-avail-enforce=" + ns, "--overwrite"));
        apply(auditPolicy());
        apply("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s, labels: {ballast-avail: %s}}
                spec:
                  mode: Enforce
                  match:
                    namespaceSelector: {matchLabels: {ballast-avail-enforce: %s}}
                  rules:
                    availability: {minReplicas: 1, requirePodDisruptionBudget: true}
                """.formatted(enforcing(), ns, ns));
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), httpsPort,
                Map.of("ballast-avail-enforce", ns)), "apply", "-f", "-"));
        ballast = OperatorProcess.start(cluster.plane(), "availability", WebhookFixture.env(home(), httpsPort, configuration()));
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
        // registration takes effect asynchronously: wait until the webhook is called and judges
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(replicated("api", 2, enforced()),
                "apply", "--dry-run=server", "-f", "-").err()).contains("pdb-missing"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", "-l", "ballast-avail=" + ns, "--ignore-not-found", "--wait=false");
        for (String namespace : List.of(home(), enforced())) {
            cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
        }
        if (ballast != null) {
            ballast.close();
        }
    }

    static void apply(String yaml) {
        ok(cluster.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    /** A Deployment of {@code replicas} running {@code example/app:latest} with no CPU request, spread or read-only root. */
    static String replicated(String name, int replicas, String namespace) {
        return E2eManifests.deployment(namespace, name, """
                containers:
                - name: app
                  image: example/app:latest
                  resources: {requests: {memory: 128Mi}, limits: {memory: 128Mi}}
                """).replace("spec:\n  selector:", "spec:\n  replicas: " + replicas + "\n  selector:");
    }

    static String pdb(String name, String namespace, String budget) {
        return """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  %s
                """.formatted(name, namespace, name, budget);
    }

    static String hpa(String target, int minReplicas) {
        return """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: %s, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
                  minReplicas: %d
                  maxReplicas: 6
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
                """.formatted(target, ns, target, minReplicas);
    }

    static final Set<String> WEB_FAILURES = Set.of("web/replicas-minimum", "web/pdb-blocks-eviction",
            "web/topology-spread-missing", "web/cpu-request-missing", "web/read-only-root-filesystem",
            "web/image-tag-mutable");

    @Test
    @Order(1)
    void eachRuleIsInStatusAndPolicyReportAsTheCliFindsIt() throws Exception {
        apply(pdb("web", ns, "minAvailable: 100%"));
        apply(hpa("web", 2));
        apply(replicated("web", 4, ns));
        apply(replicated("solo", 3, ns));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(audited())).isNotNull();
            assertThat(status(audited()).summary()).isNotNull();
            assertThat(failing(audited())).containsAll(WEB_FAILURES).contains("solo/pdb-missing")
                    .doesNotContain("web/pdb-missing", "solo/pdb-blocks-eviction");
        });
        assertThat(violation("web", "replicas-minimum")).as("the HPA's minReplicas is judged, not spec.replicas")
                .contains("2");
        assertThat(violation("web", "pdb-blocks-eviction")).contains("PodDisruptionBudget \"web\" sets minAvailable 100%");

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, String> report = reportResults();
            WEB_FAILURES.forEach(f -> assertThat(report).containsEntry(f, "fail"));
            assertThat(report).containsEntry("solo/pdb-missing", "fail").containsEntry("web/pdb-missing", "pass");
        });

        JsonNode cli = audit(auditPolicy(), pdb("web", ns, "minAvailable: 100%"), hpa("web", 2), replicated("web", 4, ns),
                replicated("solo", 3, ns), "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns
                        + ", labels: {ballast-avail: " + ns + "}}\n");
        Set<String> cliFailing = StreamSupport.stream(cli.get("findings").spliterator(), false)
                .filter(f -> "fail".equals(f.path("result").asText()) && "Deployment".equals(f.path("kind").asText()))
                .map(f -> f.path("name").asText() + "/" + f.path("rule").asText()).collect(Collectors.toSet());
        assertThat(cliFailing).as("ballast audit on the same objects").isEqualTo(failing(audited()));
        assertThat(reportFailing()).as("ballast report on the live cluster")
                .contains("web/pdb-blocks-eviction", "solo/pdb-missing").doesNotContain("web/pdb-missing");
    }

    /** "workload/rule" of the audited policy's failures in this namespace, as {@code ballast report} reads the cluster. */
    static Set<String> reportFailing() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BallastCli.run(new String[] {"report", "--kubeconfig", cluster.plane().kubeconfig().toString(),
                "--format", "json"}, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), false);
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain("pdb-missing and pdb-blocks-eviction are not evaluated");
        Set<String> failing = new TreeSet<>();
        for (JsonNode workload : JSON.readTree(out.toString()).path("workloads")) {
            if (!ns.equals(workload.path("namespace").asText())) {
                continue;
            }
            for (JsonNode finding : workload.path("findings")) {
                if ("fail".equals(finding.path("result").asText()) && audited().equals(finding.path("policy").asText())) {
                    failing.add(workload.path("name").asText() + "/" + finding.path("rule").asText());
                }
            }
        }
        return failing;
    }

    @Test
    @Order(2)
    void fixingOnlyThePdbIsFollowed() {
        apply(pdb("web", ns, "maxUnavailable: 1"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(failing(audited())).doesNotContain("web/pdb-blocks-eviction").contains("web/replicas-minimum");
            assertThat(reportResults()).containsEntry("web/pdb-blocks-eviction", "pass");
        });
        apply(pdb("solo", ns, "maxUnavailable: 1"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing(audited())).doesNotContain("solo/pdb-missing"));
    }

    @Test
    @Order(3)
    void inEnforceTheWebhookDeniesAWorkloadNoPdbSelectsAndABlockingPdb() {
        var missing = cluster.kubectlWithStdin(replicated("api", 2, enforced()), "apply", "-f", "-");
        assertThat(missing.code()).as(missing.all()).isNotZero();
        assertThat(missing.err()).contains("denied the request").contains(enforcing() + "/pdb-missing")
                .contains("no PodDisruptionBudget in namespace \"" + enforced() + "\"");
        assertThat(cluster.kubectl("get", "deployment", "api", "-n", enforced()).code()).isNotZero();

        var single = cluster.kubectlWithStdin(replicated("single", 1, enforced()), "apply", "-f", "-");
        assertThat(single.code()).as("one replica needs no PDB: " + single.all()).isZero();

        var blocking = cluster.kubectlWithStdin(pdb("api", enforced(), "maxUnavailable: 0"), "apply", "-f", "-");
        assertThat(blocking.code()).as(blocking.all()).isNotZero();
        assertThat(blocking.err()).contains(enforcing() + "/pdb-blocks-eviction").contains("maxUnavailable 0");
        var full = cluster.kubectlWithStdin(pdb("api", enforced(), "minAvailable: 100%"), "apply", "-f", "-");
        assertThat(full.code()).as(full.all()).isNotZero();
        assertThat(full.err()).contains(enforcing() + "/pdb-blocks-eviction");

        apply(pdb("api", enforced(), "maxUnavailable: 1"));
        // the webhook's PDB cache follows by watch: the same Deployment is admitted once it has seen the PDB
        await().atMost(WAIT).untilAsserted(() -> {
            var admitted = cluster.kubectlWithStdin(replicated("api", 2, enforced()), "apply", "-f", "-");
            assertThat(admitted.code()).as(admitted.all()).isZero();
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(enforcing())).isNotNull();
            assertThat(status(enforcing()).summary()).isNotNull();
            assertThat(status(enforcing()).summary().workloads()).isEqualTo(2);
            assertThat(status(enforcing()).summary().violations()).isZero();
        });
    }

    static StabilityPolicyStatus status(String name) {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(name).get();
        return p == null ? null : p.getStatus();
    }

    static Set<String> failing(String policy) {
        return status(policy).violations().stream().map(v -> v.name() + "/" + v.rule()).collect(Collectors.toSet());
    }

    static String violation(String workload, String rule) {
        return status(audited()).violations().stream().filter(v -> v.name().equals(workload) && v.rule().equals(rule))
                .map(v -> v.message()).findFirst().orElse("(none)");
    }

    /** "workload/rule" to its result in the audited policy's PolicyReport of {@code ns}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> reportResults() {
        GenericKubernetesResource report = cluster.client().genericKubernetesResources(OperatorE2E.POLICY_REPORT)
                .inNamespace(ns).withName("ballast-" + audited()).get();
        assertThat(report).as("PolicyReport ballast-" + audited()).isNotNull();
        List<Map<String, Object>> results = (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
        return results.stream().collect(Collectors.toMap(
                r -> ((List<Map<String, Object>>) r.get("resources")).get(0).get("name") + "/" + r.get("rule"),
                r -> String.valueOf(r.get("result")), (a, b) -> "fail".equals(a) ? a : b));
    }

    static JsonNode audit(String policy, String... manifests) throws Exception {
        Path dir = Files.createTempDirectory("audit");
        Path policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, policy);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BallastCli.run(new String[] {"audit", "-f", "-", "--policy", policyFile.toString(), "--format", "json",
                "--fail-on", "none"}, new ByteArrayInputStream(String.join("\n---\n", manifests).getBytes()),
                new PrintWriter(out), new PrintWriter(err), false);
        assertThat(code).as(err.toString()).isZero();
        return JSON.readTree(out.toString());
    }
}
