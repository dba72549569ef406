package dev.ballast.admission;

import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.config.BallastConfig;
import dev.ballast.kube.ContextViews;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.kube.PrunedItemStore;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.policy.Policy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What the webhook judges with: policies, namespace labels, HPAs, PodDisruptionBudgets, PeerAuthentications and
 * StabilityExceptions from informer caches of its own (every replica serves admission, leader or not), started before
 * the webhook listens. No API call per request.
 */
@ApplicationScoped
public class AdmissionContext {
    private static final Logger LOG = Logger.getLogger(AdmissionContext.class);
    private final KubernetesClient client;
    private final BallastConfig config;
    private volatile Informers informers;
    private final PeerAuthenticationInformer peerAuthentications;
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private volatile Snapshot snapshot;
    private final ContextViews views = new ContextViews(tree -> SourceRef.NONE);

    public AdmissionContext(KubernetesClient client, BallastConfig config) {
        this.client = client;
        this.config = config;
        this.peerAuthentications = new PeerAuthenticationInformer(client, () -> dirty.set(true));
    }

    private record Informers(SharedIndexInformer<StabilityPolicy> policies, SharedIndexInformer<Namespace> namespaces,
                             SharedIndexInformer<HorizontalPodAutoscaler> hpas,
                             SharedIndexInformer<PodDisruptionBudget> pdbs,
                             SharedIndexInformer<StabilityException> exceptions) {
        void stop() {
            policies.stop();
            if (exceptions != null) {
                exceptions.stop();
            }
            namespaces.stop();
            hpas.stop();
            pdbs.stop();
        }
    }

    /**
     * Starts the informers once. Called from the webhook's own thread before it listens: informers make blocking API
     * calls, which must never run on a Vert.x event loop (the Kubernetes client's I/O shares it).
     */
    public synchronized void start() {
        if (informers == null) {
            informers = startInformers();
        }
    }

    private Informers startInformers() {
        peerAuthentications.start();
        SharedIndexInformer<StabilityException> exceptions = StabilityException.installed(client)
                ? pruned(client.resources(StabilityException.class).inAnyNamespace()) : null;
        Informers started = new Informers(pruned(client.resources(StabilityPolicy.class)), pruned(client.namespaces()),
                pruned(client.resources(HorizontalPodAutoscaler.class).inAnyNamespace()),
                pruned(client.resources(PodDisruptionBudget.class).inAnyNamespace()), exceptions);
        started.policies().addEventHandler(invalidate());
        started.namespaces().addEventHandler(invalidate());
        started.hpas().addEventHandler(invalidate());
        started.pdbs().addEventHandler(invalidate());
        if (exceptions != null) {
            exceptions.addEventHandler(invalidate());
        }
        return started;
    }

    /**
     * An informer, started and synced, whose cache drops managedFields and the last-applied annotation before it
     * stores an object: never read here, and often most of an object's size.
     */
    private static <T extends HasMetadata> SharedIndexInformer<T> pruned(Informable<T> resources) {
        return resources.runnableInformer(0).itemStore(new PrunedItemStore<>()).run();
    }

    /** The objects the caches hold, for tests. */
    Stream<HasMetadata> cached() {
        Informers i = informers;
        Stream<HasMetadata> all = Stream.of(i.policies(), i.namespaces(), i.hpas(), i.pdbs())
                .flatMap(informer -> informer.getStore().list().stream());
        return i.exceptions() == null ? all : Stream.concat(all, i.exceptions().getStore().list().stream());
    }

    /** Marks the mapped snapshot stale on any change; it is rebuilt on the next request, not per request. */
    private <T> OnChange<T> invalidate() {
        return new OnChange<>(ignored -> dirty.set(true));
    }

    /** Whether the caches have synced; the webhook answers "allowed" until then (failurePolicy Ignore semantics). */
    public boolean ready() {
        Informers i = informers;
        return i != null && i.policies().hasSynced() && i.namespaces().hasSynced() && i.hpas().hasSynced()
                && i.pdbs().hasSynced() && (i.exceptions() == null || i.exceptions().hasSynced());
    }

    public Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current != null && !dirty.get()) {
            return current;
        }
        dirty.set(false);
        current = build(informers);
        snapshot = current;
        return current;
    }

    private Snapshot build(Informers i) {
        List<Policy> policies = new ArrayList<>();
        for (StabilityPolicy p : i.policies().getStore().list()) {
            try {
                policies.add(PolicyMapper.map(p, Set.of(config.namespace())));
            } catch (ManifestException e) {
                LOG.debugf("policy %s not used at admission: %s", p.getMetadata().getName(), e.getMessage());
            }
        }
        return new Snapshot(policies, views.context(i.namespaces().getStore().list(), i.hpas().getStore().list(),
                i.pdbs().getStore().list(), peerAuthentications.list(),
                i.exceptions() == null ? List.of() : i.exceptions().getStore().list(), Instant.EPOCH));
    }

    /** The policies and context requests are judged with; the handler sets the context's time per request. */
    public record Snapshot(List<Policy> policies, ClusterContext context) {
    }

    @PreDestroy
    void stop() {
        if (informers != null) {
            informers.stop();
        }
        peerAuthentications.stop();
    }
}
