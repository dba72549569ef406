package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trust at admission through the real kube-apiserver and the real webhook (one Ballast process, which also
 * reconciles): GitOps ConfigMaps edited by hand on UPDATE, a workload exempting itself in Enforce, and namespaced
 * StabilityExceptions that let it through until they expire, with the operator's results following the expiry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExemptionsE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static OperatorProcess ballast;
    static String ns;
    static int httpsPort;

    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-exempt-" + ns;
    }

    static String policyName() {
        return "exempt-" + ns;
    }

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        try (ServerSocket s = new ServerSocket(0)) {
            httpsPort = s.getLocalPort();
        }
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-exempt=" + ns, "--overwrite"));
        ok(cluster.kubectl("create", "namespace", home()));
        ok(cluster.kubectlWithStdin("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  allowExceptions: true
                  match:
                    namespaceSelector: {matchLabels: {ballast-exempt: %s}}
                  rules:
                    probes: {}
                    gitops: {allowedManagers: [argocd-controller]}
                """.formatted(policyName(), ns), "apply", "-f", "-"));
        ok(cluster.kubectlWithStdin(WebhookFixture.registration(cluster.plane().root(), configuration(), httpsPort, null),
                "apply", "-f", "-"));
        ballast = OperatorProcess.start(cluster.plane(), "exemptions", WebhookFixture.env(home(), httpsPort, configuration()));
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment("probe", null),
                "apply", "--dry-run=server", "-f", "-").err()).contains("probe-timeout"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", policyName(), "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "namespace", home(), "--ignore-not-found", "--wait=false");
        if (ballast != null) {
            ballast.close();
        }
    }

    /** A Deployment whose only violation is a 30 s readiness timeout, optionally annotated ballast.dev/exempt. */
    static String deployment(String name, String exempt) {
        return E2eManifests.deployment(ns, name, exempt == null ? "" : "annotations: {ballast.dev/exempt: \"" + exempt + "\"}",
                E2eManifests.probedContainer(30));
    }

    static String exception(String name, String workload, Instant expires) {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityException
                metadata: {name: %s, namespace: %s}
                spec: {workloads: [%s], reason: cut-over weekend, expires: "%s"}
                """.formatted(name, ns, workload, expires.truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    @Order(1)
    void aHandEditToAConfigMapGitOpsWroteIsDeniedAndGitOpsUpdatesPass() {
        ok(cluster.kubectl("create", "configmap", "settings", "-n", ns, "--from-literal=a=b", "--field-manager=argocd-controller"));
        var patch = cluster.kubectl("patch", "configmap", "settings", "-n", ns, "-p", "{\"data\":{\"a\":\"c\"}}");
        assertThat(patch.code()).as(patch.all()).isNotZero();
        assertThat(patch.err()).contains("denied the request").contains("gitops-unmanaged-change").contains("\"kubectl-patch\"");
        var label = cluster.kubectl("label", "configmap", "settings", "-n", ns, "edited=by-hand");
        assertThat(label.code()).as(label.all()).isNotZero();
        assertThat(label.err()).contains("gitops-unmanaged-change");
        var byArgo = ok(cluster.kubectl("patch", "configmap", "settings", "-n", ns, "-p", "{\"data\":{\"a\":\"d\"}}",
                "--field-manager=argocd-controller"));
        assertThat(byArgo.err()).doesNotContain("Warning");
        assertThat(cluster.kubectl("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.a}").out()).isEqualTo("d");
    }

    @Test
    @Order(2)
    void aWorkloadExemptingItselfInEnforceIsDenied() {
        var apply = cluster.kubectlWithStdin(deployment("self-exempt", "true"), "apply", "-f", "-");
        assertThat(apply.code()).as(apply.all()).isNotZero();
        assertThat(apply.err()).contains("exemption-not-allowed").contains("probe-timeout");
        assertThat(cluster.kubectl("get", "deployment", "self-exempt", "-n", ns).code()).isNotZero();
    }

    @Test
    @Order(3)
    void badStabilityExceptionsAreRejectedNamingTheField() {
        var badTime = cluster.kubectlWithStdin(exception("bad-time", "web", Instant.now()).replaceFirst("expires: \"[^\"]+\"",
                "expires: \"next tuesday\""), "apply", "-f", "-");
        assertThat(badTime.code()).isNotZero();
        assertThat(badTime.err()).contains("spec.expires");
        var badRule = cluster.kubectlWithStdin(exception("bad-rule", "web", Instant.now()).replace("reason:", "rules: [probe-timout], reason:"),
                "apply", "-f", "-");
        assertThat(badRule.code()).isNotZero();
        assertThat(badRule.err()).contains("spec.rules[0]").contains("probe-timout");
    }

    @Test
    @Order(4)
    void aStabilityExceptionLetsItThroughUntilItExpiresAndTheOperatorFollows() throws Exception {
        ok(cluster.kubectlWithStdin(exception("expired", "self-exempt", Instant.now().minusSeconds(60)), "apply", "-f", "-"));
        Instant expires = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        var expiredOnly = cluster.kubectlWithStdin(deployment("self-exempt", "true"), "apply", "--dry-run=server", "-f", "-");
        assertThat(expiredOnly.code()).as("an expired exception does not count").isNotZero();
        assertThat(expiredOnly.err()).contains("exemption-not-allowed");

        ok(cluster.kubectlWithStdin(exception("cut-over", "self-exempt", expires), "apply", "-f", "-"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(deployment("self-exempt", "true"),
                "apply", "-f", "-").code()).isZero());
        String source = "exempted by StabilityException " + ns + "/cut-over (until " + expires + "): cut-over weekend";
        await().atMost(WAIT).untilAsserted(() -> assertThat(result("self-exempt", "probe-timeout"))
                .isEqualTo("skip: " + source));
        assertThat(inStatus("exemptions", "self-exempt", "probe-timeout").path("reason").asText()).isEqualTo(source);

        // no event happens at expiry: the operator must come back by itself, and the webhook judge at request time
        await().atMost(WAIT).untilAsserted(() -> assertThat(result("self-exempt", "probe-timeout"))
                .startsWith("fail: ").contains("not honoured"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(inStatus("violations", "self-exempt", "probe-timeout")
                .path("message").asText()).contains("not honoured"));
        assertThat(inStatus("exemptions", "self-exempt", "probe-timeout").isMissingNode()).isTrue();
        assertThat(Instant.now()).isAfter(expires);
        var afterExpiry = cluster.kubectlWithStdin(deployment("self-exempt", "true").replace("example/app:1", "example/app:2"),
                "apply", "--dry-run=server", "-f", "-");
        assertThat(afterExpiry.code()).as("an unchanged annotation is not a new violation").isZero();
        assertThat(afterExpiry.err()).contains("Warning: existing " + policyName() + "/probe-timeout");
        var another = cluster.kubectlWithStdin(deployment("self-exempt-2", "true"), "apply", "--dry-run=server", "-f", "-");
        assertThat(another.code()).isNotZero();
    }

    /** "result: message" of one rule for one workload in the operator's latest results (its /report.json). */
    static String result(String workload, String rule) throws Exception {
        JsonNode report = JSON.readTree(ballast.report("/report.json").body());
        for (JsonNode w : report.path("workloads")) {
            if (ns.equals(w.path("namespace").asText()) && workload.equals(w.path("name").asText())) {
                for (JsonNode f : w.path("findings")) {
                    if (rule.equals(f.path("rule").asText()) && policyName().equals(f.path("policy").asText())) {
                        return f.path("result").asText() + ": " + f.path("message").asText();
                    }
                }
            }
        }
        return "(none)";
    }

    /** The policy status entry ({@code violations} or {@code exemptions}) for one rule of one workload, or missing. */
    static JsonNode inStatus(String list, String workload, String rule) throws Exception {
        JsonNode status = JSON.readTree(ok(cluster.kubectl("get", "stabpol", policyName(), "-o", "jsonpath={.status}")).out());
        for (JsonNode entry : status.path(list)) {
            if (ns.equals(entry.path("namespace").asText()) && workload.equals(entry.path("name").asText())
                    && rule.equals(entry.path("rule").asText())) {
                return entry;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
