package dev.ballast.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;

/**
 * The rules' {@link ClusterContext} from informer caches: HPAs, PodDisruptionBudgets, PeerAuthentications and
 * StabilityExceptions are mapped once per resourceVersion ({@link ViewIndex}), so building a context does not re-map
 * a whole cache. Safe to share between threads.
 */
public final class ContextViews {
    private final ViewIndex<HpaView> hpas;
    private final ViewIndex<PodDisruptionBudgetView> pdbs;
    private final ViewIndex<PeerAuthenticationView> peerAuthentications;
    private final ViewIndex<StabilityExceptionView> exceptions = new ViewIndex<>(ExceptionMapper::map);

    /** {@code source} says where a view came from (the operator keeps the UID; the webhook needs none). */
    public ContextViews(Function<JsonNode, SourceRef> source) {
        hpas = new ViewIndex<>(tree -> ContextMapper.hpa(tree, source.apply(tree)));
        pdbs = new ViewIndex<>(tree -> PdbMapper.map(tree, source.apply(tree)));
        peerAuthentications = new ViewIndex<>(tree -> ContextMapper.peerAuthentication(tree, source.apply(tree)));
    }

    /**
     * The context of the objects now in the caches, with StabilityExceptions judged at {@code now}. The
     * PodDisruptionBudgets are every one there is (a synced cache), so the PDB rules run.
     */
    public ClusterContext context(Collection<Namespace> namespaces, Collection<? extends HasMetadata> hpaObjects,
                                  Collection<? extends HasMetadata> pdbObjects,
                                  Collection<? extends HasMetadata> peerAuthenticationObjects,
                                  Collection<? extends HasMetadata> exceptionObjects, Instant now) {
        return ClusterContext.of(namespaces.stream().map(ContextMapper::namespace).toList(),
                        peerAuthentications.views(peerAuthenticationObjects), hpas.views(hpaObjects))
                .withExceptions(exceptions.views(exceptionObjects), now)
                .withPodDisruptionBudgets(pdbs.views(pdbObjects));
    }

    /** Where an object in an informer cache came from: its UID. */
    public static SourceRef uid(JsonNode tree) {
        return SourceRef.uid(tree.path("metadata").path("uid").asText(null));
    }
}
