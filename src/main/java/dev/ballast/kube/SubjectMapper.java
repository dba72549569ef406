package dev.ballast.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Subject;
import java.util.List;
import java.util.Optional;

/**
 * Which kinds of object the engine judges, and how each is mapped: the one place the webhook (an object under
 * review) and {@link ClusterObjects} (manifests, a live cluster) look a kind up.
 */
public final class SubjectMapper {
    /** The kinds Ballast evaluates as workloads, in the order they are read. */
    public static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet");
    /** The kinds judged by who wrote them last (gitops-unmanaged-change). */
    public static final List<String> CONFIG_KINDS = List.of("ConfigMap", "Secret");

    private SubjectMapper() {
    }

    /**
     * The object as the engine's subject of its kind; empty for a kind no rule judges. A ConfigMap or Secret is
     * judged by its last writer in managedFields. Throws a {@link ManifestException} naming the field it cannot read.
     */
    public static Optional<Subject> map(String kind, JsonNode object, SourceRef source) {
        if (WORKLOAD_KINDS.contains(kind)) {
            return Optional.of(WorkloadMapper.map(object, source));
        }
        if (CONFIG_KINDS.contains(kind)) {
            return Optional.of(ContextMapper.configObject(object, source));
        }
        return Optional.ofNullable(switch (kind) {
            case "HorizontalPodAutoscaler" -> ContextMapper.hpa(object, source);
            case "PeerAuthentication" -> ContextMapper.peerAuthentication(object, source);
            case PodDisruptionBudgetView.KIND -> PdbMapper.map(object, source);
            default -> null;
        });
    }
}
