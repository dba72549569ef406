package dev.ballast.operator;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.kube.PeerAuthenticationCrd;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Istio's PeerAuthentications for the reconciler. Watches the PeerAuthentication CRD by name (an event re-runs every
 * policy) and starts, swaps or drops the PeerAuthentication informer as the CRD comes, changes version or goes, so
 * installing Istio after Ballast needs no restart.
 */
final class PeerAuthentications {
    private static final Logger LOG = Logger.getLogger(PeerAuthentications.class);

    private final InformerEventSource<CustomResourceDefinition, StabilityPolicy> crd;
    private final SecondaryToPrimaryMapper<HasMetadata> everyPolicy;
    private final Supplier<ViewStore<GenericKubernetesResource, PeerAuthenticationView>> stores;
    private final AtomicReference<Served> served = new AtomicReference<>(Served.NONE);
    private final Object switching = new Object();

    /** The served version, its informer and the views it keeps, or none of them while the CRD is absent. */
    record Served(String version, InformerEventSource<GenericKubernetesResource, StabilityPolicy> informer,
                  ViewStore<GenericKubernetesResource, PeerAuthenticationView> store) {
        static final Served NONE = new Served(null, null, null);

        Stream<PeerAuthenticationView> views() {
            return store == null ? Stream.empty() : store.views();
        }

        String judgement() {
            return PeerAuthenticationCrd.judgement(version);
        }
    }

    PeerAuthentications(EventSourceContext<StabilityPolicy> context, SecondaryToPrimaryMapper<HasMetadata> everyPolicy,
                        Supplier<ViewStore<GenericKubernetesResource, PeerAuthenticationView>> stores) {
        this.everyPolicy = everyPolicy;
        this.stores = stores;
        var config = InformerEventSourceConfiguration.from(CustomResourceDefinition.class, StabilityPolicy.class)
                .withName("peerauthentication-crd")
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", PeerAuthenticationCrd.NAME)))
                .withSecondaryToPrimaryMapper(everyPolicy::toPrimaryResourceIDs)
                .withItemStore(PeerAuthenticationCrd.prunedStore())
                .build();
        crd = new InformerEventSource<>(config, context);
    }

    EventSource<?, StabilityPolicy> crdEventSource() {
        return crd;
    }

    Served current() {
        return served.get();
    }

    /**
     * Brings the PeerAuthentication informer in line with the CRD in the cache. The first reconcile after a CRD event
     * switches (blocking until the new informer has synced); concurrent reconciles wait for it rather than race.
     * True when this call switched (the PeerAuthentications every policy saw are replaced).
     */
    boolean follow(Context<StabilityPolicy> context) {
        String version = PeerAuthenticationCrd.establishedVersion(crd.list().findFirst().orElse(null));
        if (Objects.equals(served.get().version(), version)) {
            return false;
        }
        synchronized (switching) {
            Served current = served.get();
            if (Objects.equals(current.version(), version)) {
                return false;
            }
            EventSourceRetriever<StabilityPolicy> retriever = context.eventSourceRetriever();
            if (current.informer() != null) {
                retriever.dynamicallyDeRegisterEventSource(current.informer().name());
                served.set(Served.NONE);
            }
            if (version != null) {
                ViewStore<GenericKubernetesResource, PeerAuthenticationView> store = stores.get();
                served.set(new Served(version, start(retriever, version, store), store));
            }
            LOG.infof("Istio's PeerAuthentication CRD: %s", version == null ? "not installed; mTLS judged without it"
                    : "serving " + version + "; PeerAuthentication informer started");
            return true;
        }
    }

    private InformerEventSource<GenericKubernetesResource, StabilityPolicy> start(EventSourceRetriever<StabilityPolicy> retriever,
                                                                                   String version,
                                                                                   ViewStore<GenericKubernetesResource, PeerAuthenticationView> store) {
        String name = "peerauthentications-" + version;
        var config = InformerEventSourceConfiguration
                .from(new GroupVersionKind(PeerAuthenticationCrd.GROUP, version, "PeerAuthentication"), StabilityPolicy.class)
                .withName(name)
                .withSecondaryToPrimaryMapper(everyPolicy::toPrimaryResourceIDs)
                .withPrimaryToSecondaryMapper(ClusterInventory.NO_SECONDARIES)
                .withItemStore(store)
                .build();
        try {
            return (InformerEventSource<GenericKubernetesResource, StabilityPolicy>) retriever.dynamicallyRegisterEventSource(
                    new InformerEventSource<>(config, retriever.eventSourceContextForDynamicRegistration()));
        } catch (RuntimeException e) {
            // a failed start must not stay registered under this name, or the next attempt would be ignored
            retriever.dynamicallyDeRegisterEventSource(name);
            throw e;
        }
    }
}
