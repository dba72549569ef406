package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.LabelSelector;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusStoreTest {
    static final LabelSelector WEB = new LabelSelector(Map.of("app", "web"), List.of());
    final PodStatusStore store = new PodStatusStore((ns, rs) -> rs.startsWith("web-")
            ? new OwnerRef("Deployment", "web", "deploy-uid") : null);

    @Test
    void podsAreFoundThroughTheirWorkload() {
        store.put("shop/web-1", pod("web-1", "web-5d9c7", "1", 0));
        store.put("shop/web-2", pod("web-2", "web-5d9c7", "1", 4));
        store.put("shop/api-1", pod("api-1", "api-77f", "1", 0));

        assertThat(store.pods("Deployment", "shop", "web", "deploy-uid", WEB)).extracting(PodView::name)
                .containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(store.pods("Deployment", "shop", "web", "other-uid", WEB)).isEmpty();
        assertThat(store.pods("Deployment", "shop", "api", null, LabelSelector.EVERYTHING))
                .as("inferred from pod-template-hash").extracting(PodView::name).containsExactly("api-1");
        assertThat(store.pods("Deployment", "other", "web", null, WEB)).isEmpty();
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void statusesMatchAnEngineWorkloadByKindNameUidAndSelector() {
        store.put("shop/web-1", pod("web-1", "web-5d9c7", "1", 4));
        Workload web = WorkloadFixture.compliant().workload();
        Workload selecting = WorkloadFixture.compliant().set("spec.selector", "{matchLabels: {app: web}}").workload();
        Workload selectingOther = WorkloadFixture.compliant()
                .set("spec.selector", "{matchExpressions: [{key: app, operator: In, values: [api]}]}").workload();

        assertThat(selecting.selector()).isNotNull();
        assertThat(store.statuses().of(selecting)).extracting(PodView::name).containsExactly("web-1");
        assertThat(store.statuses().of(web)).as("template labels when no selector").hasSize(1);
        assertThat(store.statuses().of(selectingOther)).isEmpty();
    }

    @Test
    void updatesReplaceAndRemovalsForget() {
        store.put("shop/web-1", pod("web-1", "web-5d9c7", "1", 4));
        Pod previous = store.put("shop/web-1", pod("web-1", "web-5d9c7", "2", 0));

        assertThat(previous.getMetadata().getResourceVersion()).isEqualTo("1");
        assertThat(store.pods("Deployment", "shop", "web", null, WEB)).singleElement()
                .satisfies(p -> assertThat(p.containers()).isEmpty());

        assertThat(store.remove("shop/web-1").getMetadata().getName()).isEqualTo("web-1");
        assertThat(store.pods("Deployment", "shop", "web", null, WEB)).isEmpty();
        assertThat(store.remove("shop/web-1")).isNull();
        assertThat(store.size()).isZero();
    }

    @Test
    void readsHandOutMetadataSkeletons() {
        store.put("shop/web-1", pod("web-1", "web-5d9c7", "7", 4));

        Pod skeleton = store.get("shop/web-1");

        assertThat(skeleton.getMetadata().getUid()).isEqualTo("uid-web-1");
        assertThat(skeleton.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(skeleton.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(skeleton.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getName()).isEqualTo("web-5d9c7"));
        assertThat(skeleton.getSpec()).isNull();
        assertThat(skeleton.getStatus()).isNull();
        assertThat(store.keySet()).containsExactly("shop/web-1");
        assertThat(store.values()).hasSize(1);
        assertThat(store.getKey(skeleton)).isEqualTo("shop/web-1");
        assertThat(store.isFullState()).isFalse();
    }

    /** The listener hears only what the runtime rules can see, so a Pod turning ready evaluates nothing. */
    @Test
    void theListenerHearsOnlyChangesTheRulesCanSee() {
        List<String> heard = new java.util.ArrayList<>();
        PodStatusStore told = new PodStatusStore((ns, rs) -> null, (before, after) -> heard.add(
                (before == null ? "-" : before.name() + ":" + before.containers().size()) + " > "
                        + (after == null ? "-" : after.name() + ":" + after.containers().size())));

        told.put("shop/web-1", pod("web-1", "web-5d9c7", "1", 0));
        Pod ready = pod("web-1", "web-5d9c7", "2", 0);
        ready.getStatus().setPhase("Running");
        told.put("shop/web-1", ready);
        assertThat(heard).as("a healthy Pod arriving and turning ready").isEmpty();

        told.put("shop/web-1", pod("web-1", "web-5d9c7", "3", 2));
        told.put("shop/web-1", pod("web-1", "web-5d9c7", "3", 5));
        assertThat(heard).as("the same resourceVersion again (a relist) is not mapped again").containsExactly("web-1:0 > web-1:1");

        told.put("shop/web-1", pod("web-1", "web-5d9c7", "4", 3));
        told.remove("shop/web-1");
        told.put("shop/web-2", pod("web-2", "web-5d9c7", "1", 0));
        told.remove("shop/web-2");
        assertThat(heard).containsExactly("web-1:0 > web-1:1", "web-1:1 > web-1:1", "web-1:1 > -");
    }

    static Pod pod(String name, String replicaSet, String resourceVersion, int restarts) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withUid("uid-" + name)
                .withResourceVersion(resourceVersion)
                .withLabels(Map.of("app", replicaSet.substring(0, replicaSet.indexOf('-')),
                        "pod-template-hash", replicaSet.substring(replicaSet.indexOf('-') + 1)))
                .addNewOwnerReference().withKind("ReplicaSet").withName(replicaSet).withUid("rs-" + replicaSet)
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec()
                .withNewStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app")
                        .withRestartCount(restarts).build()).endStatus()
                .build();
    }
}
