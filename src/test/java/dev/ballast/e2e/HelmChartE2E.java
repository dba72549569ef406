package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart (charts/ballast) with a real helm built from the Go module proxy (hack/tools/build.sh): lint, the
 * values schema, and `helm template` output validated by the API server and compared with manifests/.
 */
class HelmChartE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();
    /** Labels Helm's own conventions add to top-level objects; everything else must equal manifests/. */
    static final List<String> HELM_LABELS = List.of("app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "helm.sh/chart");
    static String helm;

    @BeforeAll
    static void helmAndNamespace() {
        var build = ControlPlane.Command.run(root(), Duration.ofMinutes(35), null, List.of("hack/tools/build.sh", "helm"));
        assertThat(build.code()).as("helm must build from the Go module proxy: " + build.all()).isZero();
        helm = build.out().trim();
        var namespace = cluster.kubectl("apply", "-f", "manifests/00-namespace.yaml");
        assertThat(namespace.code()).as(namespace.all()).isZero();
    }

    static Path root() {
        return Path.of(System.getProperty("ballast.root", ".")).toAbsolutePath().normalize();
    }

    static ControlPlane.Command.Result helm(String... args) {
        List<String> command = new ArrayList<>(List.of(helm));
        command.addAll(List.of(args));
        return ControlPlane.Command.run(root(), Duration.ofMinutes(2), null, command);
    }

    static Map<String, ObjectNode> template(String namespace, String... options) {
        List<String> args = new ArrayList<>(List.of("template", "ballast", "charts/ballast", "--namespace", namespace));
        args.addAll(List.of(options));
        var template = helm(args.toArray(String[]::new));
        assertThat(template.code()).as(template.all()).isZero();
        return RenderedObjects.byIdentity(RenderedObjects.parse(template.out()));
    }

    @Test
    void lintPassesStrictly() {
        var lint = helm("lint", "--strict", "charts/ballast");
        assertThat(lint.code()).as(lint.all()).isZero();
        assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed");
    }

    @Test
    void defaultsRenderTheObjectsOfManifestsLessTheNamespace() {
        Map<String, ObjectNode> rendered = template("ballast-system");
        rendered.values().stream().filter(o -> !"CustomResourceDefinition".equals(o.path("kind").asText())).forEach(object -> {
            var labels = (ObjectNode) object.path("metadata").path("labels");
            assertThat(labels.path("helm.sh/chart").asText()).as(RenderedObjects.identity(object)).isEqualTo("ballast-0.1.0");
            labels.remove(HELM_LABELS);
        });
        Map<String, ObjectNode> expected = new LinkedHashMap<>(RenderedObjects.byIdentity(RenderedObjects.readDirectory(root().resolve("manifests"))));
        expected.remove("Namespace /ballast-system");
        assertThat(RenderedObjects.differences(expected, rendered)).isEmpty();
    }

    @Test
    void defaultsPassAServerSideDryRun() {
        RenderedObjects.assertServerDryRun(cluster, template("ballast-system"));
    }

    /** The seed's lesson: a misspelt key fails at install, naming the key, instead of being silently ignored. */
    @Test
    void aTypoInAValueIsRejectedNamingIt() {
        var topLevel = helm("template", "ballast", "charts/ballast", "--set", "replicaCount=3");
        assertThat(topLevel.code()).isNotZero();
        assertThat(topLevel.err()).contains("additional properties 'replicaCount' not allowed");
        var nested = helm("template", "ballast", "charts/ballast", "--set", "webhook.replica=3");
        assertThat(nested.code()).isNotZero();
        assertThat(nested.err()).contains("/webhook").contains("'replica' not allowed");
        var badEnum = helm("template", "ballast", "charts/ballast", "--set", "webhook.failurePolicy=Sometimes");
        assertThat(badEnum.code()).isNotZero();
        assertThat(badEnum.err()).contains("/webhook/failurePolicy");
        var badFormat = helm("template", "ballast", "charts/ballast", "--set", "reports.format=xml");
        assertThat(badFormat.code()).isNotZero();
        assertThat(badFormat.err()).contains("/reports/format");
    }

    /** `helm install` against the API server refuses a values file with a typo before creating anything. */
    @Test
    void installRefusesATypoInAValuesFile(@TempDir Path dir) throws Exception {
        Path values = Files.writeString(dir.resolve("values.yaml"), "controller:\n  replicaCount: 3\n");
        var install = helm("install", "ballast-typo", "charts/ballast", "--namespace", cluster.namespace(),
                "--kubeconfig", cluster.plane().kubeconfig().toString(), "--dry-run=server", "-f", values.toString());
        assertThat(install.code()).isNotZero();
        assertThat(install.err()).contains("at '/controller': additional properties 'replicaCount' not allowed");
        assertThat(helm("list", "-A", "--kubeconfig", cluster.plane().kubeconfig().toString()).out()).doesNotContain("ballast-typo");
    }

    @Test
    void valuesReachTheObjectsAndAnotherNamespaceIsFollowedEverywhere() {
        String ns = cluster.namespace();
        Map<String, ObjectNode> rendered = template(ns, "--set", "image.repository=registry.example/ballast",
                "--set", "image.tag=1.2.3", "--set", "webhook.failurePolicy=Fail", "--set", "webhook.replicas=3",
                "--set", "controller.nodeSelector.pool=system", "--set", "reports.format=both",
                "--set", "imagePullSecrets[0].name=pull");
        var webhookConfig = rendered.get("ValidatingWebhookConfiguration /ballast");
        assertThat(webhookConfig.at("/webhooks/0/failurePolicy").asText()).isEqualTo("Fail");
        assertThat(webhookConfig.at("/webhooks/0/clientConfig/service/namespace").asText()).isEqualTo(ns);
        assertThat(webhookConfig.at("/webhooks/0/namespaceSelector/matchExpressions/0/values").toString())
                .isEqualTo("[\"kube-system\",\"" + ns + "\"]");
        assertThat(webhookConfig.at("/webhooks/0/matchConditions/1/expression").asText())
                .contains("system:serviceaccount:" + ns + ":ballast-controller");
        var controller = rendered.get("Deployment " + ns + "/ballast-controller");
        assertThat(controller.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example/ballast:1.2.3");
        assertThat(controller.at("/spec/template/spec/nodeSelector/pool").asText()).isEqualTo("system");
        assertThat(controller.at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("pull");
        assertThat(controller.at("/spec/template/spec/containers/0/env").toString())
                .contains("{\"name\":\"BALLAST_REPORTS_FORMAT\",\"value\":\"both\"}");
        assertThat(rendered.get("Deployment " + ns + "/ballast-webhook").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(rendered.get("ClusterRoleBinding /ballast-webhook").at("/subjects/0/namespace").asText()).isEqualTo(ns);
        assertThat(rendered.keySet()).filteredOn(k -> !k.contains(" /")).allMatch(k -> k.contains(" " + ns + "/"));
        RenderedObjects.assertServerDryRun(cluster, rendered);
    }

    @Test
    void crdsAndNetworkPoliciesCanBeLeftOut() {
        Map<String, ObjectNode> rendered = template("ballast-system", "--set", "crds.install=false", "--set", "networkPolicy.enabled=false");
        assertThat(rendered.keySet()).noneMatch(k -> k.startsWith("CustomResourceDefinition ") || k.startsWith("NetworkPolicy "))
                .contains("Deployment ballast-system/ballast-controller");
    }
}
