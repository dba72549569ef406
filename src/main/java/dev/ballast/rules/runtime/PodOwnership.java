package dev.ballast.rules.runtime;

import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.policy.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which workload a Pod belongs to (SPEC §9.2): the workload's {@code spec.selector} matches the Pod's labels in the
 * same namespace, and the Pod is owned by it — through a ReplicaSet for a Deployment, directly for a StatefulSet or
 * DaemonSet. Owner UIDs are compared when both sides know them, so a Pod of a deleted workload is not taken for
 * one recreated under the same name.
 */
public final class PodOwnership {
    public static final String DEPLOYMENT = "Deployment";
    public static final String REPLICA_SET = "ReplicaSet";
    public static final String STATEFUL_SET = "StatefulSet";
    public static final String DAEMON_SET = "DaemonSet";
    /** Set by the Deployment controller on every Pod; the ReplicaSet is named {@code <deployment>-<hash>}. */
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private PodOwnership() {
    }

    /**
     * The controller chain of a Pod from its own controller reference outwards. A ReplicaSet's owner comes from
     * {@code replicaSetOwners} (ReplicaSet name in the Pod's namespace to its controller, null when unknown); when
     * it does not know the ReplicaSet, the Deployment is inferred from the {@code pod-template-hash} naming the
     * Deployment controller uses, without a UID. Empty for a bare Pod.
     */
    public static List<OwnerRef> ownerChain(OwnerRef podController, Map<String, String> podLabels,
                                            Function<String, OwnerRef> replicaSetOwners) {
        if (podController == null) {
            return List.of();
        }
        if (!REPLICA_SET.equals(podController.kind())) {
            return List.of(podController);
        }
        OwnerRef owner = replicaSetOwners.apply(podController.name());
        if (owner == null) {
            owner = inferredDeployment(podController.name(), podLabels.get(POD_TEMPLATE_HASH));
        }
        return owner == null ? List.of(podController) : List.of(podController, owner);
    }

    private static OwnerRef inferredDeployment(String replicaSet, String hash) {
        String suffix = "-" + hash;
        if (hash == null || hash.isEmpty() || !replicaSet.endsWith(suffix) || replicaSet.length() == suffix.length()) {
            return null;
        }
        return new OwnerRef(DEPLOYMENT, replicaSet.substring(0, replicaSet.length() - suffix.length()).intern(), null);
    }

    /**
     * The workload that controls the Pod: a Deployment behind its ReplicaSet, or a StatefulSet or DaemonSet; empty
     * for a bare Pod, a Job's Pod or a ReplicaSet without a known Deployment. Operators index Pods by it.
     */
    public static Optional<OwnerRef> workloadOf(PodView pod) {
        OwnerRef controller = pod.controller();
        if (controller == null) {
            return Optional.empty();
        }
        return switch (controller.kind()) {
            case STATEFUL_SET, DAEMON_SET -> Optional.of(controller);
            case REPLICA_SET -> pod.owners().size() > 1 && DEPLOYMENT.equals(pod.owners().get(1).kind())
                    ? Optional.of(pod.owners().get(1)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** True when the Pod belongs to the workload {@code kind namespace/name} (UID null when unknown). */
    public static boolean belongsTo(PodView pod, String kind, String namespace, String name, String uid,
                                    LabelSelector selector) {
        if (!pod.namespace().equals(namespace) || !selector.matches(pod.labels())) {
            return false;
        }
        return workloadOf(pod).filter(owner -> owner.kind().equals(kind) && owner.name().equals(name)
                && (owner.uid() == null || uid == null || owner.uid().equals(uid))).isPresent();
    }
}
