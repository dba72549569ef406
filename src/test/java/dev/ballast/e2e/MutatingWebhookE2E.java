package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kube-apiserver calling /mutate and /validate over TLS for an Enforce policy with {@code mutate: true}: a Deployment
 * created without a securityContext is admitted and stored repaired (the validating webhook judges the repaired
 * object), and {@code --dry-run=server} shows the repaired object without storing it.
 */
class MutatingWebhookE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static OperatorProcess webhook;
    static String ns;

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-mutate=" + ns, "--overwrite"));
        cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(home()).endMetadata().build()).create();
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: mutate-%s}
                spec:
                  mode: Enforce
                  mutate: true
                  match:
                    namespaceSelector: {matchLabels: {ballast-mutate: %s}}
                  rules:
                    securityContext: {}
                """.formatted(ns, ns), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), port,
                java.util.Map.of("ballast-mutate", ns)), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(WebhookFixture.mutatingRegistration(cluster.plane().root(), configuration(), port),
                "apply", "-f", "-"));
        webhook = OperatorProcess.start(cluster.plane(), "webhook", WebhookFixture.env(home(), port, configuration()));
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
        WebhookFixture.awaitMutatingCaBundle(cluster.client(), configuration(), WAIT);
        // registration and the policy cache take effect asynchronously: wait until a dry-run comes back repaired
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(cluster.kubectlWithStdin(deployment("probe"),
                "apply", "--dry-run=server", "-o", "yaml", "-f", "-")).out()).contains("runAsNonRoot: true"));
    }

    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-mutate-" + ns;
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "mutatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", "mutate-" + ns, "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "namespace", home(), "--ignore-not-found", "--wait=false");
        if (webhook != null) {
            webhook.close();
        }
    }

    static ControlPlane.Command.Result ok(ControlPlane.Command.Result r) {
        assertThat(r.code()).as(r.all()).isZero();
        return r;
    }

    /** No securityContext at all: every securityContext rule but the explicit-choice ones fails as written. */
    static String deployment(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers:
                      - name: app
                        image: example/app:1.0
                """.formatted(name, ns, name, name);
    }

    static void assertRepaired(JsonNode deployment) {
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0/securityContext");
        boolean podNonRoot = pod.at("/securityContext/runAsNonRoot").asBoolean(false);
        assertThat(podNonRoot || container.path("runAsNonRoot").asBoolean(false)).as(deployment.toString()).isTrue();
        assertThat(container.path("allowPrivilegeEscalation").isBoolean()).as(deployment.toString()).isTrue();
        assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/capabilities/drop").toString()).contains("\"ALL\"");
        String seccomp = pod.at("/securityContext/seccompProfile/type").asText(container.at("/seccompProfile/type").asText());
        assertThat(seccomp).isEqualTo("RuntimeDefault");
    }

    @Test
    void aDeploymentWithoutSecurityContextIsStoredRepairedAndAllowedInEnforce() throws Exception {
        var applied = ok(cluster.kubectlWithStdin(deployment("web"), "apply", "-f", "-"));
        System.out.println("kubectl apply of a Deployment without securityContext, its stderr:\n" + applied.err());
        // what a person sees: one line per repair, naming the field and the value it was given
        String policy = "Warning: ballast: mutate-" + ns;
        assertThat(applied.err().lines().filter(l -> l.startsWith("Warning:"))).containsExactlyInAnyOrder(
                policy + "/run-as-non-root: set pod securityContext.runAsNonRoot: true",
                policy + "/privilege-escalation-allowed: set container \"app\": securityContext.allowPrivilegeEscalation: false",
                policy + "/capabilities-not-dropped: set container \"app\": securityContext.capabilities.drop: [ALL]",
                policy + "/seccomp-profile: set pod securityContext.seccompProfile.type: RuntimeDefault");
        assertThat(applied.err()).doesNotContain("denied");
        JsonNode stored = YAML.readTree(ok(cluster.kubectl("get", "deployment", "web", "-n", ns, "-o", "yaml")).out());
        assertRepaired(stored);
        // re-applying the same file: the repairs are not undone, nothing new to repair, still allowed
        ok(cluster.kubectlWithStdin(deployment("web"), "apply", "-f", "-"));
        assertRepaired(YAML.readTree(ok(cluster.kubectl("get", "deployment", "web", "-n", ns, "-o", "yaml")).out()));
    }

    @Test
    void dryRunShowsTheRepairedObjectWithoutStoringIt() throws Exception {
        var dry = ok(cluster.kubectlWithStdin(deployment("dry"), "apply", "--dry-run=server", "-o", "yaml", "-f", "-"));
        assertRepaired(YAML.readTree(dry.out()));
        var get = cluster.kubectl("get", "deployment", "dry", "-n", ns);
        assertThat(get.code()).isNotZero();
        assertThat(get.err()).contains("NotFound");
    }
}
