package dev.ballast.e2e;

import static dev.ballast.e2e.ControlPlane.Command.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
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
 * Istio installed after Ballast: one process (role all, webhook on) started without the PeerAuthentication CRD
 * judges with PeerAuthentications once the CRD is applied, in policy status and at admission, and drops them again
 * when the CRD is removed, all without a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IstioLateInstallE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String CRD = "peerauthentications.security.istio.io";
    static final String CRD_FILE = "hack/controlplane/peerauthentication-crd.yaml";
    static OperatorProcess operator;
    static String ns;

    @BeforeAll
    static void setUp() throws Exception {
        ns = cluster.namespace();
        ok(cluster.kubectl("delete", "crd", CRD, "--ignore-not-found", "--wait=true"));
        cluster.installCrds();
        ok(cluster.kubectl("label", "namespace", ns, "ballast-late=" + ns, "istio-injection=enabled", "--overwrite"));
        ok(cluster.kubectl("create", "namespace", home()));
        // admitted before the webhook is registered: without Istio's CRD it is judged PERMISSIVE
        apply(deployment("app"));
        apply("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  match:
                    kinds: [Deployment]
                    namespaceSelector: {matchLabels: {ballast-late: %s}}
                  rules:
                    mtls: {}
                """.formatted(policyName(), ns));
        int webhookPort = OperatorProcess.freePort();
        apply(WebhookFixture.registration(cluster.plane().root(), configuration(), webhookPort, Map.of("ballast-late", ns)));
        Map<String, String> env = new HashMap<>(WebhookFixture.env(home(), webhookPort, configuration()));
        env.put("BALLAST_ROLE", "all");
        operator = OperatorProcess.start(cluster.plane(), "istio-late", env);
        WebhookFixture.awaitCaBundle(cluster.client(), configuration(), WAIT);
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.kubectl("delete", "validatingwebhookconfiguration", configuration(), "--ignore-not-found");
        cluster.kubectl("delete", "stabpol", policyName(), "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "namespace", home(), "--ignore-not-found", "--wait=false");
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheCrdEveryWorkloadIsPermissive() {
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus s = status();
            assertThat(s).isNotNull();
            assertThat(s.mtlsJudgement()).contains("PeerAuthentication CRD (" + CRD + ") is not installed");
            assertThat(failing(s)).contains("app/mtls-not-strict");
        });
        awaitAdmission(true);
    }

    @Test
    @Order(2)
    void theCrdInstalledLaterIsFollowedWithoutARestart() {
        long pid = operator.pid();
        cluster.installCrds(CRD_FILE);
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(peerAuthentication("STRICT"), "apply",
                "-f", "-").code()).isZero());
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus s = status();
            assertThat(s.mtlsJudgement()).contains("from PeerAuthentications (security.istio.io/v1)");
            assertThat(failing(s)).doesNotContain("app/mtls-not-strict");
        });
        awaitAdmission(false); // the webhook's own informer sees the STRICT PeerAuthentication
        var permissive = cluster.kubectlWithStdin(peerAuthentication("PERMISSIVE").replace("name: default", "name: open"),
                "apply", "-f", "-");
        assertThat(permissive.code()).as(permissive.all()).isNotZero();
        assertThat(permissive.err()).contains("denied the request").contains("mtls-permissive-policy");
        assertThat(operator.alive()).isTrue();
        assertThat(operator.pid()).isEqualTo(pid);
    }

    @Test
    @Order(3)
    void theCrdRemovedAgainIsDroppedAndReinstalledPickedUp() {
        ok(cluster.kubectl("delete", "crd", CRD, "--wait=true"));
        await().atMost(WAIT).untilAsserted(() -> {
            StabilityPolicyStatus s = status();
            assertThat(s.mtlsJudgement()).contains("is not installed");
            assertThat(failing(s)).contains("app/mtls-not-strict");
        });
        awaitAdmission(true);
        cluster.installCrds(CRD_FILE);
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.kubectlWithStdin(peerAuthentication("STRICT"), "apply",
                "-f", "-").code()).isZero());
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing(status())).doesNotContain("app/mtls-not-strict"));
        awaitAdmission(false);
        assertThat(operator.alive()).isTrue();
    }

    /** Waits until a server-side dry run of a new Deployment is denied for mTLS (or admitted). */
    static void awaitAdmission(boolean denied) {
        await().atMost(WAIT).untilAsserted(() -> {
            var dryRun = cluster.kubectlWithStdin(deployment("candidate"), "apply", "--dry-run=server", "-f", "-");
            if (denied) {
                assertThat(dryRun.err()).as(dryRun.all()).contains("denied the request").contains("mtls-not-strict");
            } else {
                assertThat(dryRun.code()).as(dryRun.all()).isZero();
            }
        });
    }

    static String deployment(String name) {
        return E2eManifests.deployment(ns, name, "labels: {app: " + name + "}",
                "containers: [{name: app, image: example/app:1, ports: [{containerPort: 8080}]}]");
    }

    static String peerAuthentication(String mode) {
        return E2eManifests.peerAuthentication(ns, mode);
    }

    static StabilityPolicyStatus status() {
        StabilityPolicy p = cluster.client().resources(StabilityPolicy.class).withName(policyName()).get();
        return p == null ? null : p.getStatus();
    }

    static Set<String> failing(StabilityPolicyStatus s) {
        return s == null ? Set.of() : s.violations().stream().map(v -> v.name() + "/" + v.rule()).collect(Collectors.toSet());
    }

    static String policyName() {
        return "late-" + ns;
    }

    static String home() {
        return ns + "-ballast";
    }

    static String configuration() {
        return "ballast-late-" + ns;
    }

    static void apply(String yaml) {
        ok(cluster.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }
}
