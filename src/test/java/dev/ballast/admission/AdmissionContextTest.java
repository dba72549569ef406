package dev.ballast.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ballast.config.BallastConfig;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The webhook's informer caches against Fabric8's mock API server (CRUD mode, with watches): the snapshot a request
 * is judged with holds the cluster's PodDisruptionBudgets once ready, and follows their changes.
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionContextTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    KubernetesClient client;

    static PodDisruptionBudget pdb(String app) {
        return Serialization.unmarshal("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s, namespace: shop}
                spec: {selector: {matchLabels: {app: %s}}, maxUnavailable: 1}
                """.formatted(app, app), PodDisruptionBudget.class);
    }

    static Workload web() {
        return WorkloadMapper.map(Serialization.jsonMapper().valueToTree(Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: app, image: example/app:1}]}
                """, Deployment.class)), SourceRef.NONE);
    }

    @Test
    void theSnapshotHoldsTheCachedPodDisruptionBudgetsAndFollowsThem() {
        client.resource(pdb("web")).create();
        client.resource(pdb("api")).create();
        AdmissionContext context = webhookContext();
        try {
            context.start();
            await().atMost(WAIT).until(context::ready);
            assertThat(context.snapshot().context().knowsPodDisruptionBudgets()).isTrue();
            assertThat(context.snapshot().context().pdbsSelecting(web())).extracting(PodDisruptionBudgetView::name)
                    .containsExactly("web");

            client.resource(pdb("web")).delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(context.snapshot().context().pdbsSelecting(web())).isEmpty());
            assertThat(context.snapshot().context().knowsPodDisruptionBudgets()).as("none selecting it is still known").isTrue();
        } finally {
            context.stop();
        }
    }

    @Test
    void theCachesDropManagedFieldsAndTheLastAppliedCopyAndKeepTheRest() {
        String written = """
                metadata:
                  name: %s
                  annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"big": "copy"}', team: shop}
                  managedFields: [{manager: kubectl, operation: Apply, apiVersion: v1, fieldsType: FieldsV1}]
                """;
        client.resource(Serialization.unmarshal("apiVersion: v1\nkind: Namespace\n" + written.formatted("shop"),
                Namespace.class)).create();
        client.resource(Serialization.unmarshal("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
                + written.formatted("web").replace("metadata:\n", "metadata:\n  namespace: shop\n")
                + "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}\n",
                HorizontalPodAutoscaler.class)).create();
        AdmissionContext context = webhookContext();
        try {
            context.start();
            await().atMost(WAIT).until(context::ready);

            assertThat(context.cached().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
                    .contains("Namespace/shop", "HorizontalPodAutoscaler/web");
            assertThat(context.cached()).allSatisfy(o -> {
                assertThat(o.getMetadata().getManagedFields()).isNullOrEmpty();
                assertThat(o.getMetadata().getAnnotations()).doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
            });
            assertThat(context.cached().filter(o -> o.getMetadata().getName().equals("web")))
                    .singleElement().satisfies(o -> assertThat(o.getMetadata().getAnnotations()).containsEntry("team", "shop"));
        } finally {
            context.stop();
        }
    }

    private AdmissionContext webhookContext() {
        return new AdmissionContext(client, new BallastConfig() {
            @Override
            public String namespace() {
                return "ballast-system";
            }

            @Override
            public String role() {
                return "webhook";
            }
        });
    }
}
