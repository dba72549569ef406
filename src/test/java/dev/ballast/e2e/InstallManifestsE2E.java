package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** `kubectl apply -f manifests/ -f manifests/optional/` (the README's install) against the real API server, and the RBAC it grants checked with `kubectl auth can-i`. */
class InstallManifestsE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final String SA = "--as=system:serviceaccount:ballast-system:ballast";

    @BeforeAll
    static void install() {
        var apply = cluster.kubectl("apply", "-f", "manifests/", "-f", "manifests/optional/");
        assertThat(apply.code()).as(apply.all()).isZero();
    }

    /** No pod serves the installed webhook here (no kubelet): remove it so it cannot slow later tests' requests. */
    @AfterAll
    static void removeWebhook() {
        cluster.kubectl("delete", "validatingwebhookconfiguration", "ballast", "--ignore-not-found");
    }

    @Test
    void theWebhookIsRegisteredToFailOpenAndSkipTheControlPlane() {
        var get = cluster.kubectl("get", "validatingwebhookconfiguration", "ballast", "-o",
                "jsonpath={.webhooks[0].failurePolicy} {.webhooks[0].timeoutSeconds} {.webhooks[0].sideEffects} "
                        + "{.webhooks[0].clientConfig.service.name}/{.webhooks[0].clientConfig.service.port} "
                        + "{.webhooks[0].namespaceSelector.matchExpressions[0].values} {.webhooks[0].matchConditions[*].name}");
        assertThat(get.out()).as(get.all()).isEqualTo("Ignore 5 None ballast/443 [\"kube-system\",\"ballast-system\"] "
                + "not-control-plane not-ballast not-kube-root-ca");
    }

    @Test
    void everythingIsCreated() {
        var get = cluster.kubectl("get", "-n", "ballast-system", "deployment/ballast", "service/ballast",
                "serviceaccount/ballast", "role/ballast-leader-election", "poddisruptionbudget/ballast", "-o", "name");
        assertThat(get.code()).as(get.all()).isZero();
        assertThat(cluster.kubectl("get", "crd", "stabilitypolicies.ballast.dev", "stabilityexceptions.ballast.dev").code()).isZero();
        assertThat(cluster.kubectl("get", "clusterrole", "ballast").code()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "list, deployments.apps, yes",
            "watch, statefulsets.apps, yes",
            "delete, deployments.apps, no",
            "update, deployments.apps, no",
            "patch, horizontalpodautoscalers.autoscaling, yes",
            "delete, horizontalpodautoscalers.autoscaling, no",
            "patch, stabilitypolicies.ballast.dev/status, yes",
            "watch, stabilityexceptions.ballast.dev, yes",
            "create, stabilityexceptions.ballast.dev, no",
            "create, policyreports.wgpolicyk8s.io, yes",
            "create, events, yes",
            "get, secrets, no",
            "patch, validatingwebhookconfigurations.admissionregistration.k8s.io, no",
            "list, configmaps, no",
            "create, pods, no",
    })
    void leastPrivilege(String verb, String resource, String expected) {
        var canI = cluster.kubectl("auth", "can-i", verb, resource, "--all-namespaces", SA);
        assertThat(canI.out().trim()).as(canI.all()).isEqualTo(expected);
    }

    @Test
    void onlyItsOwnWebhookSecretAndConfiguration() {
        assertThat(canI("get", "secrets/ballast-webhook-tls", "-n", "ballast-system")).isEqualTo("yes");
        assertThat(canI("update", "secrets/ballast-webhook-tls", "-n", "ballast-system")).isEqualTo("yes");
        assertThat(canI("get", "secrets/other", "-n", "ballast-system")).isEqualTo("no");
        assertThat(canI("create", "secrets", "-n", "default")).isEqualTo("no");
        assertThat(canI("patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/ballast")).isEqualTo("yes");
        assertThat(canI("patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/other")).isEqualTo("no");
    }

    private static String canI(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "auth";
        all[1] = "can-i";
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 1] = SA;
        return cluster.kubectl(all).out().trim();
    }

    @Test
    void leaseOnlyInItsOwnNamespace() {
        assertThat(cluster.kubectl("auth", "can-i", "update", "leases.coordination.k8s.io", "-n", "ballast-system", SA)
                .out().trim()).isEqualTo("yes");
        assertThat(cluster.kubectl("auth", "can-i", "update", "leases.coordination.k8s.io", "-n", "default", SA)
                .out().trim()).isEqualTo("no");
    }
}
