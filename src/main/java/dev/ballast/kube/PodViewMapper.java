package dev.ballast.kube;

import dev.ballast.rules.model.ContainerStatusView;
import dev.ballast.rules.model.OwnerRef;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Termination;
import dev.ballast.rules.runtime.GoFatalScanner;
import dev.ballast.rules.runtime.PodOwnership;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps a Pod to the {@link PodView} the runtime rules read: its controller chain (a ReplicaSet's owner from
 * {@code replicaSetOwners}, see {@link PodOwnership#ownerChain}), labels, and the main and init container statuses
 * with each termination message reduced to the Go fatal error it holds. Structural: a field the status does not
 * set stays null, and an unreadable {@code finishedAt} is null. Strings that repeat across Pods (namespace, owners,
 * labels, container names, reasons) are interned: at 100k Pods each would otherwise be held once per Pod.
 */
public final class PodViewMapper {
    /** The Pod field and phase of Pods that belong to no workload (finished Jobs): the operator and report list the others. */
    public static final String PHASE_FIELD = "status.phase";
    public static final String UNLISTED_PHASE = "Succeeded";

    private PodViewMapper() {
    }

    /** {@code replicaSetOwners}: ReplicaSet name in the Pod's namespace to its controller, null when unknown. */
    public static PodView map(Pod pod, Function<String, OwnerRef> replicaSetOwners) {
        ObjectMeta meta = pod.getMetadata();
        Map<String, String> labels = interned(meta.getLabels());
        List<ContainerStatusView> containers = new ArrayList<>();
        if (pod.getStatus() != null) {
            addAll(pod.getStatus().getInitContainerStatuses(), containers);
            addAll(pod.getStatus().getContainerStatuses(), containers);
        }
        return new PodView(intern(meta.getNamespace()), meta.getName(),
                PodOwnership.ownerChain(controller(meta), labels, replicaSetOwners), labels, containers);
    }

    /** The owner reference marked {@code controller: true}, or null. */
    public static OwnerRef controller(ObjectMeta meta) {
        if (meta.getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference ref : meta.getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController()) && ref.getKind() != null && ref.getName() != null) {
                return new OwnerRef(intern(ref.getKind()), intern(ref.getName()), intern(ref.getUid()));
            }
        }
        return null;
    }

    private static void addAll(List<ContainerStatus> statuses, List<ContainerStatusView> out) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus s : statuses) {
            ContainerState state = s.getState();
            ContainerState last = s.getLastState();
            String waiting = state == null || state.getWaiting() == null ? null : state.getWaiting().getReason();
            out.add(new ContainerStatusView(intern(s.getName()), s.getRestartCount() == null ? 0 : s.getRestartCount(),
                    intern(waiting), termination(state), termination(last)));
        }
    }

    private static Termination termination(ContainerState state) {
        ContainerStateTerminated t = state == null ? null : state.getTerminated();
        if (t == null) {
            return null;
        }
        return new Termination(intern(t.getReason()), t.getExitCode() == null ? 0 : t.getExitCode(), instant(t.getFinishedAt()),
                GoFatalScanner.scan(t.getMessage()).orElse(null));
    }

    private static Map<String, String> interned(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>(labels.size() * 2);
        labels.forEach((k, v) -> out.put(intern(k), intern(v)));
        return out;
    }

    /** JVM string table: entries are collected once no Pod holds them, so churn does not grow it. */
    private static String intern(String text) {
        return text == null ? null : text.intern();
    }

    private static Instant instant(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
