package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * `kubectl apply -f manifests/ -f manifests/optional/` (the README's install) against the real API server, and the
 * RBAC it grants each role's ServiceAccount checked with `kubectl auth can-i`.
 */
class InstallManifestsE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    static final String CONTROLLER = "--as=system:serviceaccount:ballast-system:ballast-controller";
    static final String WEBHOOK = "--as=system:serviceaccount:ballast-system:ballast-webhook";

    @BeforeAll
    static void install() {
        var apply = cluster.kubectl("apply", "-f", "manifests/", "-f", "manifests/optional/");
        assertThat(apply.code()).as(apply.all()).isZero();
        // a re-apply (an upgrade) validated server-side; a first dry run cannot, its namespace does not exist yet
        var dryRun = cluster.kubectl("apply", "--dry-run=server", "-f", "manifests/", "-f", "manifests/optional/");
        assertThat(dryRun.code()).as(dryRun.all()).isZero();
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
        assertThat(get.out()).as(get.all()).isEqualTo("Ignore 5 None ballast-webhook/443 [\"kube-system\",\"ballast-system\"] "
                + "not-control-plane not-ballast not-kube-root-ca");
        var notBallast = cluster.kubectl("get", "validatingwebhookconfiguration", "ballast", "-o",
                "jsonpath={.webhooks[0].matchConditions[1].expression}");
        assertThat(notBallast.out()).as("the controller's own HPA patches skip admission")
                .contains("system:serviceaccount:ballast-system:ballast-controller");
    }

    @Test
    void everythingIsCreated() {
        var get = cluster.kubectl("get", "-n", "ballast-system", "deployment/ballast-controller", "deployment/ballast-webhook",
                "service/ballast-controller", "service/ballast-webhook", "serviceaccount/ballast-controller",
                "serviceaccount/ballast-webhook", "role/ballast-leader-election", "role/ballast-webhook-tls",
                "poddisruptionbudget/ballast-controller", "poddisruptionbudget/ballast-webhook",
                "networkpolicy/ballast-controller", "networkpolicy/ballast-webhook", "-o", "name");
        assertThat(get.code()).as(get.all()).isZero();
        assertThat(cluster.kubectl("get", "crd", "stabilitypolicies.ballast.dev", "stabilityexceptions.ballast.dev").code()).isZero();
        assertThat(cluster.kubectl("get", "clusterrole", "ballast-controller", "ballast-webhook").code()).isZero();
    }

    @Test
    void eachDeploymentRunsItsRoleAsItsOwnServiceAccount() {
        var get = cluster.kubectl("get", "-n", "ballast-system", "deployment", "ballast-controller", "ballast-webhook", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.spec.replicas} {.spec.template.spec.serviceAccountName} "
                        + "{.spec.template.spec.containers[0].env[?(@.name=='BALLAST_ROLE')].value} "
                        + "{.spec.template.spec.topologySpreadConstraints[0].topologyKey}{'\\n'}{end}");
        assertThat(get.out().lines().toList()).as(get.all()).containsExactly(
                "ballast-controller 2 ballast-controller controller kubernetes.io/hostname",
                "ballast-webhook 2 ballast-webhook webhook kubernetes.io/hostname");
        var selector = cluster.kubectl("get", "-n", "ballast-system", "service", "ballast-webhook", "-o",
                "jsonpath={.spec.selector.app\\.kubernetes\\.io/component}");
        assertThat(selector.out()).as("the webhook Service selects webhook pods only").isEqualTo("webhook");
        var ports = cluster.kubectl("get", "-n", "ballast-system", "networkpolicy", "ballast-webhook", "-o",
                "jsonpath={.spec.ingress[*].ports[*].port}");
        assertThat(ports.out()).isEqualTo("8443 8080");
    }

    @ParameterizedTest(name = "controller: {0} {1} -> {2}")
    @CsvSource({
            "list, deployments.apps, yes",
            "watch, statefulsets.apps, yes",
            "watch, stabilityexceptions.ballast.dev, yes",
            "create, stabilityexceptions.ballast.dev, no",
            "delete, deployments.apps, no",
            "update, deployments.apps, no",
            "patch, horizontalpodautoscalers.autoscaling, yes",
            "delete, horizontalpodautoscalers.autoscaling, no",
            "watch, poddisruptionbudgets.policy, yes",
            "create, poddisruptionbudgets.policy, no",
            "patch, stabilitypolicies.ballast.dev/status, yes",
            "create, policyreports.wgpolicyk8s.io, yes",
            "create, reports.openreports.io, yes",
            "delete, reports.openreports.io, yes",
            "create, clusterreports.openreports.io, no",
            "create, events, yes",
            "get, secrets, no",
            "create, secrets, no",
            "get, validatingwebhookconfigurations.admissionregistration.k8s.io, no",
            "patch, validatingwebhookconfigurations.admissionregistration.k8s.io, no",
            "patch, mutatingwebhookconfigurations.admissionregistration.k8s.io, no",
            "list, configmaps, no",
            "create, pods, no",
            "watch, pods, yes",
            "list, pods, yes",
            "patch, pods, no",
            "delete, pods, no",
            "watch, customresourcedefinitions.apiextensions.k8s.io/peerauthentications.security.istio.io, yes",
            "list, customresourcedefinitions.apiextensions.k8s.io/peerauthentications.security.istio.io, yes",
            "watch, customresourcedefinitions.apiextensions.k8s.io, no",
            "watch, customresourcedefinitions.apiextensions.k8s.io/stabilitypolicies.ballast.dev, no",
    })
    void controllerLeastPrivilege(String verb, String resource, String expected) {
        var canI = cluster.kubectl("auth", "can-i", verb, resource, "--all-namespaces", CONTROLLER);
        assertThat(canI.out().trim()).as(canI.all()).isEqualTo(expected);
    }

    /** The runtime rules read Pod status from the Pod itself; logs and status writes stay out of reach. */
    @ParameterizedTest(name = "controller: {0} pods/{1} -> no")
    @CsvSource({"get, log", "patch, status", "create, eviction"})
    void controllerReadsPodsButNotTheirSubresources(String verb, String subresource) {
        var canI = cluster.kubectl("auth", "can-i", verb, "pods", "--subresource=" + subresource, "--all-namespaces", CONTROLLER);
        assertThat(canI.out().trim()).as(canI.all()).isEqualTo("no");
    }

    @ParameterizedTest(name = "webhook: {0} {1} -> {2}")
    @CsvSource({
            "watch, stabilitypolicies.ballast.dev, yes",
            "watch, stabilityexceptions.ballast.dev, yes",
            "create, stabilityexceptions.ballast.dev, no",
            "list, namespaces, yes",
            "watch, horizontalpodautoscalers.autoscaling, yes",
            "patch, stabilitypolicies.ballast.dev, no",
            "patch, stabilitypolicies.ballast.dev/status, no",
            "patch, horizontalpodautoscalers.autoscaling, no",
            "list, poddisruptionbudgets.policy, yes",
            "delete, poddisruptionbudgets.policy, no",
            "list, deployments.apps, no",
            "create, policyreports.wgpolicyk8s.io, no",
            "create, reports.openreports.io, no",
            "create, events, no",
            "list, secrets, no",
            "list, configmaps, no",
            "create, pods, no",
            "list, pods, no",
            "watch, customresourcedefinitions.apiextensions.k8s.io/peerauthentications.security.istio.io, yes",
            "list, customresourcedefinitions.apiextensions.k8s.io/peerauthentications.security.istio.io, yes",
            "watch, customresourcedefinitions.apiextensions.k8s.io, no",
            "list, customresourcedefinitions.apiextensions.k8s.io/policyreports.wgpolicyk8s.io, no",
    })
    void webhookOnlyReads(String verb, String resource, String expected) {
        var canI = cluster.kubectl("auth", "can-i", verb, resource, "--all-namespaces", WEBHOOK);
        assertThat(canI.out().trim()).as(canI.all()).isEqualTo(expected);
    }

    @Test
    void onlyTheWebhookWritesItsSecretsAndCaBundle() {
        for (String secret : new String[] {"secrets/ballast-webhook-tls", "secrets/ballast-webhook-ca"}) {
            assertThat(canI(WEBHOOK, "get", secret, "-n", "ballast-system")).as(secret).isEqualTo("yes");
            assertThat(canI(WEBHOOK, "update", secret, "-n", "ballast-system")).as(secret).isEqualTo("yes");
            assertThat(canI(WEBHOOK, "delete", secret, "-n", "ballast-system")).as(secret).isEqualTo("no");
            assertThat(canI(CONTROLLER, "get", secret, "-n", "ballast-system")).as(secret).isEqualTo("no");
        }
        assertThat(canI(WEBHOOK, "get", "secrets/other", "-n", "ballast-system")).isEqualTo("no");
        assertThat(canI(WEBHOOK, "create", "secrets", "-n", "default")).isEqualTo("no");
        assertThat(canI(WEBHOOK, "patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/ballast")).isEqualTo("yes");
        assertThat(canI(WEBHOOK, "patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/other")).isEqualTo("no");
        assertThat(canI(WEBHOOK, "patch", "mutatingwebhookconfigurations.admissionregistration.k8s.io/ballast")).isEqualTo("yes");
        assertThat(canI(WEBHOOK, "patch", "mutatingwebhookconfigurations.admissionregistration.k8s.io/other")).isEqualTo("no");
        assertThat(canI(CONTROLLER, "patch", "mutatingwebhookconfigurations.admissionregistration.k8s.io/ballast")).isEqualTo("no");
        assertThat(canI(CONTROLLER, "patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/ballast")).isEqualTo("no");
    }

    /** Everything each ServiceAccount may do in Ballast's namespace, from `kubectl auth can-i --list`: no wildcard anywhere. */
    @Test
    void theFullListsHoldNoWildcardsAndNoSecretsForTheController() {
        var controller = cluster.kubectl("auth", "can-i", "--list", "-n", "ballast-system", CONTROLLER);
        assertThat(controller.code()).as(controller.all()).isZero();
        assertThat(rules(controller.out())).noneMatch(r -> r.startsWith("secrets"))
                .noneMatch(r -> r.startsWith("validatingwebhookconfigurations"))
                .anyMatch(r -> r.startsWith("leases.coordination.k8s.io ") && r.contains("[get create update]"));
        var webhook = cluster.kubectl("auth", "can-i", "--list", "-n", "ballast-system", WEBHOOK);
        assertThat(webhook.code()).as(webhook.all()).isZero();
        assertThat(rules(webhook.out()).stream().filter(r -> r.startsWith("secrets")).toList()).containsExactlyInAnyOrder(
                "secrets [] [] [create]", "secrets [] [ballast-webhook-tls] [get update]",
                "secrets [] [ballast-webhook-ca] [get update]");
        // not answerable with can-i here: this plane has no Istio CRD for kubectl to resolve the resource against
        assertThat(rules(webhook.out())).contains("peerauthentications.security.istio.io [] [] [get list watch]");
        assertThat(rules(webhook.out())).noneMatch(r -> r.startsWith("leases"))
                .noneMatch(r -> r.startsWith("events")).noneMatch(r -> r.startsWith("policyreports"));
        for (String list : new String[] {controller.out(), webhook.out()}) {
            assertThat(rules(list)).noneMatch(r -> r.startsWith("*.") || r.contains("[*]"));
        }
    }

    /** The resource rows of `kubectl auth can-i --list`, columns joined by one space (non-resource URLs left out). */
    static java.util.List<String> rules(String list) {
        return list.lines().skip(1).map(l -> l.trim().replaceAll("\\s{2,}", " "))
                .filter(l -> !l.startsWith("[")).toList();
    }

    private static String canI(String as, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "auth";
        all[1] = "can-i";
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 1] = as;
        return cluster.kubectl(all).out().trim();
    }

    @Test
    void leaseOnlyForTheControllerInItsOwnNamespace() {
        assertThat(canI(CONTROLLER, "update", "leases.coordination.k8s.io", "-n", "ballast-system")).isEqualTo("yes");
        assertThat(canI(CONTROLLER, "update", "leases.coordination.k8s.io", "-n", "default")).isEqualTo("no");
        assertThat(canI(WEBHOOK, "update", "leases.coordination.k8s.io", "-n", "ballast-system")).isEqualTo("no");
    }
}
