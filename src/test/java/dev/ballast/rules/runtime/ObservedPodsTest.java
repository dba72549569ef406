package dev.ballast.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Workload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedPodsTest {
    static final ContainerStatusView CRASHING = new ContainerStatusView("app", 4, "CrashLoopBackOff", null, null);
    static final Workload WEB = WorkloadFixture.compliant().set("spec.selector", "{matchLabels: {app: web}}").workload();

    @Test
    void aWorkloadGetsThePodsItOwnsAndSelects() {
        PodView owned = pod("shop", "web-1", Map.of("app", "web"), new OwnerRef("ReplicaSet", "web-5d9c7", null),
                new OwnerRef("Deployment", "web", null));
        PodView otherNamespace = pod("back", "web-2", Map.of("app", "web"), new OwnerRef("ReplicaSet", "web-5d9c7", null),
                new OwnerRef("Deployment", "web", null));
        PodView notSelected = pod("shop", "web-3", Map.of("app", "api"), new OwnerRef("ReplicaSet", "web-5d9c7", null),
                new OwnerRef("Deployment", "web", null));
        PodView otherOwner = pod("shop", "api-1", Map.of("app", "web"), new OwnerRef("ReplicaSet", "api-77f", null),
                new OwnerRef("Deployment", "api", null));
        PodView bare = pod("shop", "debug", Map.of("app", "web"));

        ObservedPods pods = ObservedPods.of(List.of(owned, otherNamespace, notSelected, otherOwner, bare));

        assertThat(pods.of(WEB)).containsExactly(owned);
        assertThat(ObservedPods.of(List.of()).of(WEB)).isEmpty();
    }

    @Test
    void ownerUidsAreComparedWhenBothSidesKnowThem() {
        Workload recreated = WorkloadFixture.compliant().workload();
        PodView ofTheOldOne = pod("shop", "web-1", Map.of("app", "web"), new OwnerRef("ReplicaSet", "web-5d9c7", "rs"),
                new OwnerRef("Deployment", "web", "old-uid"));
        Workload withUid = new Workload(recreated.kind(), recreated.namespace(), recreated.name(), recreated.labels(),
                recreated.annotations(), recreated.template(), dev.ballast.rules.model.SourceRef.uid("new-uid"),
                recreated.replicas(), recreated.apiVersion(), recreated.selector());

        assertThat(ObservedPods.of(List.of(ofTheOldOne)).of(withUid)).isEmpty();
        assertThat(ObservedPods.of(List.of(ofTheOldOne)).of(recreated)).containsExactly(ofTheOldOne);
    }

    static PodView pod(String namespace, String name, Map<String, String> labels, OwnerRef... owners) {
        return new PodView(namespace, name, List.of(owners), labels, List.of(CRASHING));
    }
}
