package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two roles as separate processes from the one build, against the real API server, as the shipped manifests run
 * them: the webhook process judges but never reconciles or takes the lease; the controller process reconciles but
 * never listens for admission or touches the TLS Secrets; killing either leaves the other's job done.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolesE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static OperatorProcess webhook;
    static OperatorProcess controller;
    static int webhookPort;
    static int controllerWebhookPort;
    static String ns;

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        webhookPort = OperatorProcess.freePort();
        controllerWebhookPort = OperatorProcess.freePort();
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-roles=" + ns, "--overwrite"));
        ok(cluster.kubectl("create", "namespace", home()));
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), webhookPort,
                Map.of("ballast-roles", ns)), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: roles-%s}
                spec:
                  mode: Enforce
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-roles: %s}}
                  rules:
                    probes: {}
                """.formatted(ns, ns), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(deployment("steady", 2), "apply", "-f", "-"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", "roles-" + ns, "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "namespace", home(), "--ignore-not-found", "--wait=false");
        for (OperatorProcess p : new OperatorProcess[] {webhook, controller}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** Ballast's own namespace for this test: TLS Secrets and the Lease. */
    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-roles-" + ns;
    }

    static OperatorProcess startWebhook(String name) throws Exception {
        Map<String, String> env = new HashMap<>(WebhookFixture.env(home(), webhookPort, configuration()));
        env.put("BALLAST_ROLE", "webhook");
        env.put("BALLAST_LEADER_ELECTION_ENABLED", "true"); // set as for the controller: the webhook role must ignore it
        return OperatorProcess.start(cluster.plane(), name, env);
    }

    static OperatorProcess startController(String name) throws Exception {
        // the full webhook settings too: the controller role must not act on them
        Map<String, String> env = new HashMap<>(WebhookFixture.env(home(), controllerWebhookPort, configuration()));
        env.put("BALLAST_ROLE", "controller");
        env.put("BALLAST_LEADER_ELECTION_ENABLED", "true");
        env.put("BALLAST_LEADER_ELECTION_LEASE_NAME", "ballast-roles");
        env.put("HOSTNAME", name);
        return OperatorProcess.start(cluster.plane(), name, env);
    }

    @Test
    @Order(0)
    void anUnknownRoleEndsStartUpWithOneLineNamingTheSetting() {
        assertThatThrownBy(() -> OperatorProcess.start(cluster.plane(), "roles-unknown", Map.of("BALLAST_ROLE", "both")))
                .hasMessageContaining("operator exited with 2")
                .hasMessageContaining("ballast.role (BALLAST_ROLE) is \"both\"; use controller, webhook or all")
                .hasMessageNotContaining("\tat ");
    }

    @Test
    @Order(1)
    void theWebhookRoleJudgesButNeitherReconcilesNorLeads() throws Exception {
        webhook = startWebhook("roles-webhook");
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
        awaitDenying("while-only-webhook");
        assertThat(status()).as("no reconcile without the controller").isNull();
        assertThat(cluster.client().leases().inNamespace(home()).list().getItems()).as("no lease taken").isEmpty();
        assertThat(webhook.get("/readyz").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> webhook.report("/report.json")).as("no report listener without the controller")
                .isInstanceOf(IOException.class);
    }

    @Test
    @Order(2)
    void theControllerRoleReconcilesButNeitherListensForAdmissionNorTouchesTheSecrets() throws Exception {
        String secretVersion = cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.SECRET).get()
                .getMetadata().getResourceVersion();
        controller = startController("roles-controller");
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus s = status();
            assertThat(s).isNotNull();
            assertThat(s.summary().workloads()).isEqualTo(1);
        });
        assertThat(listening(controllerWebhookPort)).as("the controller opens no webhook port").isFalse();
        assertThat(controller.report("/report.json").statusCode()).isEqualTo(200);
        assertThat(cluster.client().secrets().inNamespace(home()).withName(WebhookFixture.SECRET).get()
                .getMetadata().getResourceVersion()).isEqualTo(secretVersion);
        assertThat(controller.log()).doesNotContain("admission webhook");
    }

    @Test
    @Order(3)
    void killingTheWebhookLeavesStatusUpdatesFlowing() throws Exception {
        webhook.kill();
        // failurePolicy Ignore: with the webhook gone, a violating Deployment is admitted, and the controller sees it
        await().atMost(WAIT).untilAsserted(() ->
                ok(cluster.kubectlWithStdin(deployment("after-webhook-died", 30), "apply", "-f", "-")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing()).contains("after-webhook-died/probe-timeout"));
        ok(cluster.kubectlWithStdin(deployment("after-webhook-died", 2), "apply", "-f", "-"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing()).doesNotContain("after-webhook-died/probe-timeout"));
        assertThat(controller.alive()).isTrue();
    }

    @Test
    @Order(4)
    void killingTheControllerLeavesAdmissionWorking() throws Exception {
        webhook = startWebhook("roles-webhook-restarted");
        awaitDenying("while-both");
        controller.kill();
        var apply = cluster.kubectlWithStdin(deployment("after-controller-died", 30), "apply", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isNotZero();
        assertThat(apply.err()).contains("denied the request").contains("probe-timeout");
        ok(cluster.kubectlWithStdin(deployment("compliant-after-controller-died", 2), "apply", "-f", "-"));
        assertThat(webhook.get("/readyz").statusCode()).isEqualTo(200);
    }

    /**
     * Waits until a violating Deployment is denied on a server-side dry run (registration and caches take effect
     * asynchronously; a dry run creates nothing while they do not), then checks a real apply is denied too.
     */
    static void awaitDenying(String name) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment(name, 30), "apply",
                "--dry-run=server", "-f", "-").err()).contains("denied the request"));
        var apply = cluster.kubectlWithStdin(deployment(name, 30), "apply", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isNotZero();
        assertThat(apply.err()).contains("denied the request").contains("probe-timeout");
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static StabilityPolicyStatus status() {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName("roles-" + ns).get();
        return p == null ? null : p.getStatus();
    }

    static Set<String> failing() {
        StabilityPolicyStatus s = status();
        return s == null ? Set.of() : s.violations().stream().map(v -> v.name() + "/" + v.rule()).collect(Collectors.toSet());
    }

    static String deployment(String name, int timeout) {
        return E2eManifests.deployment(ns, name, E2eManifests.probedContainer(timeout));
    }
}
