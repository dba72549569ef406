package dev.ballast.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.policy.LabelSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodOwnershipTest {
    static final LabelSelector WEB = new LabelSelector(Map.of("app", "web"), List.of());
    static final Map<String, String> POD_LABELS = Map.of("app", "web", "pod-template-hash", "5d9c7");
    static final OwnerRef RS = new OwnerRef("ReplicaSet", "web-5d9c7", "rs-uid");
    static final OwnerRef DEPLOY = new OwnerRef("Deployment", "web", "deploy-uid");

    @Test
    void replicaSetOwnerComesFromTheLookup() {
        assertThat(PodOwnership.ownerChain(RS, POD_LABELS, rs -> rs.equals("web-5d9c7") ? DEPLOY : null))
                .containsExactly(RS, DEPLOY);
    }

    @Test
    void unknownReplicaSetInfersTheDeploymentFromThePodTemplateHash() {
        assertThat(PodOwnership.ownerChain(RS, POD_LABELS, rs -> null))
                .containsExactly(RS, new OwnerRef("Deployment", "web", null));
    }

    @Test
    void replicaSetNotNamedAfterTheHashHasNoInferredOwner() {
        OwnerRef standalone = new OwnerRef("ReplicaSet", "frontend", "u");
        assertThat(PodOwnership.ownerChain(standalone, POD_LABELS, rs -> null)).containsExactly(standalone);
        assertThat(PodOwnership.ownerChain(RS, Map.of("app", "web"), rs -> null)).containsExactly(RS);
        OwnerRef onlyHash = new OwnerRef("ReplicaSet", "-5d9c7", "u");
        assertThat(PodOwnership.ownerChain(onlyHash, POD_LABELS, rs -> null)).containsExactly(onlyHash);
    }

    @Test
    void statefulSetDaemonSetAndBarePods() {
        OwnerRef sts = new OwnerRef("StatefulSet", "db", "sts-uid");
        assertThat(PodOwnership.ownerChain(sts, Map.of(), rs -> DEPLOY)).containsExactly(sts);
        assertThat(PodOwnership.ownerChain(null, Map.of(), rs -> DEPLOY)).isEmpty();
    }

    @Test
    void deploymentOwnsPodsThroughItsReplicaSet() {
        PodView pod = pod("shop", POD_LABELS, RS, DEPLOY);

        assertThat(PodOwnership.workloadOf(pod)).contains(DEPLOY);
        assertThat(PodOwnership.belongsTo(pod, "Deployment", "shop", "web", "deploy-uid", WEB)).isTrue();
        assertThat(PodOwnership.belongsTo(pod, "Deployment", "shop", "web", null, WEB)).isTrue();
    }

    @Test
    void everyConditionIsNeeded() {
        PodView pod = pod("shop", POD_LABELS, RS, DEPLOY);

        assertThat(PodOwnership.belongsTo(pod, "Deployment", "other", "web", "deploy-uid", WEB))
                .as("another namespace").isFalse();
        assertThat(PodOwnership.belongsTo(pod, "Deployment", "shop", "web", "deploy-uid",
                new LabelSelector(Map.of("app", "api"), List.of()))).as("selector does not match").isFalse();
        assertThat(PodOwnership.belongsTo(pod, "Deployment", "shop", "api", "deploy-uid", WEB))
                .as("owned by another Deployment").isFalse();
        assertThat(PodOwnership.belongsTo(pod, "StatefulSet", "shop", "web", "deploy-uid", WEB))
                .as("another kind of the same name").isFalse();
        assertThat(PodOwnership.belongsTo(pod, "Deployment", "shop", "web", "recreated-uid", WEB))
                .as("a workload recreated under the same name").isFalse();
    }

    @Test
    void selectorMatchAloneIsNotOwnership() {
        PodView bare = pod("shop", POD_LABELS);
        PodView byJob = pod("shop", POD_LABELS, new OwnerRef("Job", "web-migrate", "j"));
        PodView orphanRs = pod("shop", POD_LABELS, RS);

        assertThat(PodOwnership.belongsTo(bare, "Deployment", "shop", "web", null, WEB)).isFalse();
        assertThat(PodOwnership.belongsTo(byJob, "Deployment", "shop", "web", null, WEB)).isFalse();
        assertThat(PodOwnership.belongsTo(orphanRs, "Deployment", "shop", "web", null, WEB)).isFalse();
        assertThat(PodOwnership.workloadOf(orphanRs)).isEmpty();
    }

    @Test
    void statefulSetAndDaemonSetOwnTheirPodsDirectly() {
        OwnerRef sts = new OwnerRef("StatefulSet", "db", "sts-uid");
        OwnerRef ds = new OwnerRef("DaemonSet", "agent", "ds-uid");
        LabelSelector db = new LabelSelector(Map.of("app", "db"), List.of());
        LabelSelector agent = new LabelSelector(Map.of(), List.of(
                new LabelSelector.Requirement("app", LabelSelector.Operator.In, List.of("agent"))));

        assertThat(PodOwnership.belongsTo(pod("data", Map.of("app", "db"), sts), "StatefulSet", "data", "db",
                "sts-uid", db)).isTrue();
        assertThat(PodOwnership.belongsTo(pod("ops", Map.of("app", "agent"), ds), "DaemonSet", "ops", "agent",
                "ds-uid", agent)).isTrue();
        assertThat(PodOwnership.belongsTo(pod("ops", Map.of("app", "agent"), ds), "Deployment", "ops", "agent",
                null, agent)).isFalse();
    }

    static PodView pod(String namespace, Map<String, String> labels, OwnerRef... owners) {
        return new PodView(namespace, "p", List.of(owners), labels, List.of());
    }
}
