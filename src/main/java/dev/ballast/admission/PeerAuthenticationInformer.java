package dev.ballast.admission;

import dev.ballast.kube.PeerAuthenticationCrd;
import dev.ballast.kube.PrunedItemStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The webhook's PeerAuthentications. Watches Istio's CRD by name and starts, swaps or stops the PeerAuthentication
 * informer as the CRD comes, changes version or goes, so installing Istio after Ballast needs no restart.
 */
final class PeerAuthenticationInformer {
    private static final Logger LOG = Logger.getLogger(PeerAuthenticationInformer.class);
    private final KubernetesClient client;
    private final Runnable changed;
    private final AtomicReference<Served> served = new AtomicReference<>(Served.NONE);
    private volatile SharedIndexInformer<CustomResourceDefinition> crd;

    private record Served(String version, SharedIndexInformer<GenericKubernetesResource> informer) {
        static final Served NONE = new Served(null, null);
    }

    /** {@code changed} runs on every PeerAuthentication event and whenever the informer is started or stopped. */
    PeerAuthenticationInformer(KubernetesClient client, Runnable changed) {
        this.client = client;
        this.changed = changed;
    }

    /** Watches the CRD and, when it is installed, starts the informer and waits for its first list. */
    void start() {
        try {
            crd = client.apiextensions().v1().customResourceDefinitions()
                    .withField("metadata.name", PeerAuthenticationCrd.NAME).runnableInformer(0)
                    .itemStore(PeerAuthenticationCrd.prunedStore()).addEventHandler(new OnChange<>(this::follow)).run();
            follow(crd.getStore().list().stream().findFirst().orElse(null)).toCompletableFuture().join();
        } catch (RuntimeException e) {
            LOG.warnf("cannot watch CRD %s (%s); mTLS will be judged without PeerAuthentications", PeerAuthenticationCrd.NAME,
                    e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private synchronized CompletionStage<Void> follow(CustomResourceDefinition current) {
        String version = PeerAuthenticationCrd.establishedVersion(current);
        Served before = served.get();
        if (Objects.equals(before.version(), version)) {
            return CompletableFuture.completedFuture(null);
        }
        if (before.informer() != null) {
            before.informer().stop();
        }
        CompletionStage<Void> started = CompletableFuture.completedFuture(null);
        Served next = Served.NONE;
        if (version != null) {
            SharedIndexInformer<GenericKubernetesResource> informer = client
                    .genericKubernetesResources(PeerAuthenticationCrd.resource(version)).inAnyNamespace().runnableInformer(0)
                    .itemStore(new PrunedItemStore<>());
            informer.addEventHandler(new OnChange<>(ignored -> changed.run()));
            // not waited for here: this runs on the CRD informer's thread
            started = informer.start();
            next = new Served(version, informer);
        }
        served.set(next);
        changed.run();
        LOG.infof("Istio's PeerAuthentication CRD: %s", version == null ? "not installed; mTLS judged without it"
                : "serving " + version + "; PeerAuthentication informer started");
        return started;
    }

    List<GenericKubernetesResource> list() {
        SharedIndexInformer<GenericKubernetesResource> informer = served.get().informer();
        return informer == null ? List.of() : informer.getStore().list();
    }

    void stop() {
        SharedIndexInformer<CustomResourceDefinition> watch = crd;
        if (watch != null) {
            watch.stop();
        }
        SharedIndexInformer<GenericKubernetesResource> informer = served.getAndSet(Served.NONE).informer();
        if (informer != null) {
            informer.stop();
        }
    }
}
