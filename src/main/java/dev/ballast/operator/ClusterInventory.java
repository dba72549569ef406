package dev.ballast.operator;

import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ExceptionMapper;
import dev.ballast.kube.ViewIndex;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The informer caches a policy is evaluated from: workloads, HPAs, Namespaces, StabilityExceptions (when their CRD
 * exists) and PeerAuthentications (while Istio's CRD exists, followed at run time). Any change to one of them
 * re-evaluates every policy, since any policy may select it.
 * Reads never call the API server.
 */
final class ClusterInventory {
    private static final Logger LOG = Logger.getLogger(ClusterInventory.class);

    private final InformerEventSource<Deployment, StabilityPolicy> deployments;
    private final InformerEventSource<StatefulSet, StabilityPolicy> statefulSets;
    private final InformerEventSource<DaemonSet, StabilityPolicy> daemonSets;
    private final InformerEventSource<HorizontalPodAutoscaler, StabilityPolicy> hpas;
    private final InformerEventSource<Namespace, StabilityPolicy> namespaces;
    private final PeerAuthentications peerAuthentications;
    private final InformerEventSource<StabilityException, StabilityPolicy> exceptions;
    private final ViewIndex<Workload> workloadViews = new ViewIndex<>(tree -> WorkloadMapper.map(tree, uid(tree)));
    private final ViewIndex<HpaView> hpaViews = new ViewIndex<>(tree -> ContextMapper.hpa(tree, uid(tree)));
    private final ViewIndex<PeerAuthenticationView> paViews =
            new ViewIndex<>(tree -> ContextMapper.peerAuthentication(tree, uid(tree)));
    private final ViewIndex<StabilityExceptionView> exceptionViews = new ViewIndex<>(ExceptionMapper::map);

    ClusterInventory(EventSourceContext<StabilityPolicy> context) {
        SecondaryToPrimaryMapper<HasMetadata> everyPolicy = object -> context.getPrimaryCache().list()
                .map(ResourceID::fromResource).collect(Collectors.toSet());
        deployments = informer(Deployment.class, context, everyPolicy, new PrunedItemStore<>(d -> {
            PrunedItemStore.dropLastApplied(d);
            d.setStatus(null);
        }));
        statefulSets = informer(StatefulSet.class, context, everyPolicy, new PrunedItemStore<>(s -> {
            PrunedItemStore.dropLastApplied(s);
            s.setStatus(null);
        }));
        daemonSets = informer(DaemonSet.class, context, everyPolicy, new PrunedItemStore<>(d -> {
            PrunedItemStore.dropLastApplied(d);
            d.setStatus(null);
        }));
        // HPA annotations are kept whole: remediation patches them
        hpas = informer(HorizontalPodAutoscaler.class, context, everyPolicy, new PrunedItemStore<>(h -> h.setStatus(null)));
        namespaces = informer(Namespace.class, context, everyPolicy, new PrunedItemStore<>(PrunedItemStore::dropLastApplied));
        exceptions = StabilityException.installed(context.getClient())
                ? informer(StabilityException.class, context, everyPolicy, new PrunedItemStore<>(PrunedItemStore::dropLastApplied))
                : null;
        peerAuthentications = new PeerAuthentications(context, everyPolicy);
    }

    private static <R extends HasMetadata> InformerEventSource<R, StabilityPolicy> informer(
            Class<R> type, EventSourceContext<StabilityPolicy> context, SecondaryToPrimaryMapper<HasMetadata> mapper,
            PrunedItemStore<R> store) {
        var config = InformerEventSourceConfiguration.from(type, StabilityPolicy.class)
                .withSecondaryToPrimaryMapper(mapper::toPrimaryResourceIDs)
                .withItemStore(store)
                .build();
        return new InformerEventSource<>(config, context);
    }

    List<EventSource<?, StabilityPolicy>> eventSources() {
        List<EventSource<?, StabilityPolicy>> sources = new ArrayList<>(List.of(deployments, statefulSets, daemonSets, hpas,
                namespaces, peerAuthentications.crdEventSource()));
        if (exceptions != null) {
            sources.add(exceptions);
        }
        return sources;
    }

    /** Starts or drops the PeerAuthentication informer when Istio's CRD was installed or removed since the last call. */
    void followIstio(Context<StabilityPolicy> context) {
        peerAuthentications.follow(context);
    }

    /**
     * A consistent-enough view for one evaluation: workloads of the given kinds plus the rules' context, with
     * StabilityExceptions judged at {@code now}.
     */
    Snapshot snapshot(Set<String> kinds, Instant now) {
        List<Workload> workloads = new ArrayList<>();
        Set<String> live = new HashSet<>();
        if (kinds.contains("Deployment")) {
            deployments.list().forEach(d -> add(d, workloads, live));
        }
        if (kinds.contains("StatefulSet")) {
            statefulSets.list().forEach(s -> add(s, workloads, live));
        }
        if (kinds.contains("DaemonSet")) {
            daemonSets.list().forEach(d -> add(d, workloads, live));
        }
        if (kinds.size() == 3) {
            workloadViews.retain(live);
        }
        List<NamespaceView> nsViews = namespaces.list().map(ContextMapper::namespace).toList();
        List<HorizontalPodAutoscaler> rawHpas = hpas.list().toList();
        List<HpaView> hpaList = hpaViews.views(rawHpas);
        PeerAuthentications.Served mesh = peerAuthentications.current();
        List<PeerAuthenticationView> pas = paViews.views(mesh.list().toList());
        List<StabilityExceptionView> exceptionList = exceptions == null ? List.of()
                : exceptionViews.views(exceptions.list().toList());
        return new Snapshot(workloads, ClusterContext.of(nsViews, pas, hpaList).withExceptions(exceptionList, now), rawHpas,
                mesh.judgement());
    }

    private void add(HasMetadata object, List<Workload> out, Set<String> live) {
        live.add(object.getMetadata().getUid());
        workloadViews.view(object).ifPresent(out::add);
    }

    static SourceRef uid(com.fasterxml.jackson.databind.JsonNode tree) {
        return SourceRef.uid(tree.path("metadata").path("uid").asText(null));
    }

    record Snapshot(List<Workload> workloads, ClusterContext context, List<HorizontalPodAutoscaler> hpas,
                    String mtlsJudgement) {
    }
}
