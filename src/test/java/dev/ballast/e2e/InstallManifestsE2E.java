package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void everythingIsCreated() {
        var get = cluster.kubectl("get", "-n", "ballast-system", "deployment/ballast", "service/ballast",
                "serviceaccount/ballast", "role/ballast-leader-election", "-o", "name");
        assertThat(get.code()).as(get.all()).isZero();
        assertThat(cluster.kubectl("get", "crd", "stabilitypolicies.ballast.dev").code()).isZero();
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
            "create, policyreports.wgpolicyk8s.io, yes",
            "create, events, yes",
            "get, secrets, no",
            "list, configmaps, no",
            "create, pods, no",
    })
    void leastPrivilege(String verb, String resource, String expected) {
        var canI = cluster.kubectl("auth", "can-i", verb, resource, "--all-namespaces", SA);
        assertThat(canI.out().trim()).as(canI.all()).isEqualTo(expected);
    }

    @Test
    void leaseOnlyInItsOwnNamespace() {
        assertThat(cluster.kubectl("auth", "can-i", "update", "leases.coordination.k8s.io", "-n", "ballast-system", SA)
                .out().trim()).isEqualTo("yes");
        assertThat(cluster.kubectl("auth", "can-i", "update", "leases.coordination.k8s.io", "-n", "default", SA)
                .out().trim()).isEqualTo("no");
    }
}
