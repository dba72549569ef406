package dev.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `kubectl apply -k manifests/` and the overlays in overlays/, rendered with the real `kubectl kustomize` and
 * validated by the API server (server-side dry run), against what `kubectl apply -f manifests/` installs.
 */
class KustomizeE2E {
    @RegisterExtension
    static final ControlPlaneExtension cluster = new ControlPlaneExtension();

    /** A server-side dry run of namespaced objects needs their namespace to exist (namespaces never go away here). */
    @BeforeAll
    static void ballastNamespace() {
        var apply = cluster.kubectl("apply", "-f", "manifests/00-namespace.yaml");
        assertThat(apply.code()).as(apply.all()).isZero();
    }

    static Map<String, ObjectNode> kustomize(String dir) {
        var build = cluster.kubectl("kustomize", dir);
        assertThat(build.code()).as(build.all()).isZero();
        return RenderedObjects.byIdentity(RenderedObjects.parse(build.out()));
    }

    static Map<String, ObjectNode> plainManifests() {
        return RenderedObjects.byIdentity(RenderedObjects.readDirectory(cluster.plane().root().resolve("manifests")));
    }

    @Test
    void theKustomizationRendersExactlyThePlainManifests() {
        assertThat(RenderedObjects.differences(plainManifests(), kustomize("manifests"))).isEmpty();
    }

    @Test
    void theNamespaceAndCrdsComeFirst() {
        var build = cluster.kubectl("kustomize", "manifests");
        List<String> kinds = RenderedObjects.parse(build.out()).stream().map(o -> o.get("kind").asText()).toList();
        assertThat(kinds.subList(0, 3)).containsExactly("Namespace", "CustomResourceDefinition", "CustomResourceDefinition");
        assertThat(kinds.subList(3, kinds.size())).doesNotContain("Namespace", "CustomResourceDefinition");
    }

    /** What the API server would store for `apply -k` and for `apply -f`: the same objects, field for field. */
    @Test
    void applyKAndApplyFStoreTheSameObjects() {
        var withK = cluster.kubectl("apply", "-k", "manifests/", "--dry-run=server", "-o", "json");
        assertThat(withK.code()).as(withK.all()).isZero();
        var withF = cluster.kubectl("apply", "-f", "manifests/", "--dry-run=server", "-o", "json");
        assertThat(withF.code()).as(withF.all()).isZero();
        assertThat(stored(withK.out())).hasSize(plainManifests().size());
        assertThat(RenderedObjects.differences(stored(withF.out()), stored(withK.out()))).isEmpty();
    }

    private static Map<String, ObjectNode> stored(String json) {
        return RenderedObjects.byIdentity(RenderedObjects.parse(json).stream().map(RenderedObjects::withoutServerFields).toList());
    }

    @Test
    void haWebhookChangesOnlyTheWebhookReplicasSpreadAndBudget() {
        var overlay = kustomize("overlays/ha-webhook");
        RenderedObjects.assertServerDryRun(cluster, overlay);
        assertThat(overlay.get("Deployment ballast-system/ballast-webhook").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(overlay.get("PodDisruptionBudget ballast-system/ballast-webhook").at("/spec/minAvailable").asInt()).isEqualTo(2);
        undoHa(overlay);
        assertThat(RenderedObjects.differences(plainManifests(), overlay)).isEmpty();
    }

    @Test
    void failClosedIsTheHaWebhookWithFailurePolicyFail() {
        var overlay = kustomize("overlays/fail-closed");
        RenderedObjects.assertServerDryRun(cluster, overlay);
        var webhook = overlay.get("ValidatingWebhookConfiguration /ballast");
        assertThat(webhook.at("/webhooks/0/failurePolicy").asText()).isEqualTo("Fail");
        assertThat(webhook.at("/webhooks/0/namespaceSelector/matchExpressions/0/values").toString())
                .as("Ballast can still restart itself").isEqualTo("[\"kube-system\",\"ballast-system\"]");
        undoHa(overlay);
        ((ObjectNode) webhook.at("/webhooks/0")).put("failurePolicy", "Ignore");
        assertThat(RenderedObjects.differences(plainManifests(), overlay)).isEmpty();
    }

    @Test
    void theImagesOverrideRenamesEveryBallastContainerAndNothingElse() {
        var overlay = kustomize("overlays/other-registry");
        RenderedObjects.assertServerDryRun(cluster, overlay);
        for (String name : List.of("ballast-controller", "ballast-webhook")) {
            var container = (ObjectNode) overlay.get("Deployment ballast-system/" + name).at("/spec/template/spec/containers/0");
            assertThat(container.get("image").asText()).isEqualTo("registry.example/platform/ballast:0.1.0");
            container.put("image", "ballast/ballast:0.1.0");
        }
        assertThat(RenderedObjects.differences(plainManifests(), overlay)).isEmpty();
    }

    private static void undoHa(Map<String, ObjectNode> overlay) {
        edit(overlay.get("Deployment ballast-system/ballast-webhook"), d -> {
            d.set("replicas", LongNode.valueOf(2));
            ((ObjectNode) d.at("/template/spec/topologySpreadConstraints/0")).set("whenUnsatisfiable", TextNode.valueOf("ScheduleAnyway"));
        });
        edit(overlay.get("PodDisruptionBudget ballast-system/ballast-webhook"), p -> p.set("minAvailable", LongNode.valueOf(1)));
    }

    private static void edit(ObjectNode object, Consumer<ObjectNode> spec) {
        spec.accept((ObjectNode) object.get("spec"));
    }
}
