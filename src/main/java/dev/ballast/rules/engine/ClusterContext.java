package dev.ballast.rules.engine;

import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What rules may know beyond the workload itself: namespace labels, PeerAuthentications, HPAs, PodDisruptionBudgets
 * and StabilityExceptions, indexed by namespace, the Pods observed per workload (operator only), and the time
 * exceptions and Pod status are judged at (the engine reads no clock). Immutable once built, so one instance can
 * serve many threads.
 */
public final class ClusterContext {
    public static final ClusterContext EMPTY = of(List.of(), List.of(), List.of());

    private final Map<String, NamespaceView> namespaces;
    private final Map<String, List<PeerAuthenticationView>> peerAuthentications;
    private final Map<ScaleTarget, List<HpaView>> hpas; // by the workload they scale: one lookup per rule, not a scan
    private final Map<String, List<StabilityExceptionView>> exceptions;
    private final Map<String, List<PodDisruptionBudgetView>> pdbs; // null: not known
    private final Instant now;
    private final PodStatuses pods;
    private final boolean writtenVersions;

    private ClusterContext(Map<String, NamespaceView> namespaces, Map<String, List<PeerAuthenticationView>> pas,
                           Map<ScaleTarget, List<HpaView>> hpas, Map<String, List<StabilityExceptionView>> exceptions,
                           Map<String, List<PodDisruptionBudgetView>> pdbs, Instant now, PodStatuses pods,
                           boolean writtenVersions) {
        this.namespaces = namespaces;
        this.peerAuthentications = pas;
        this.hpas = hpas;
        this.exceptions = exceptions;
        this.pdbs = pdbs;
        this.now = now;
        this.pods = pods;
        this.writtenVersions = writtenVersions;
    }

    public static ClusterContext of(Collection<NamespaceView> namespaces, Collection<PeerAuthenticationView> pas,
                                    Collection<HpaView> hpas) {
        Map<String, NamespaceView> ns = new HashMap<>();
        namespaces.forEach(n -> ns.put(n.name(), n));
        return new ClusterContext(Map.copyOf(ns), index(pas, PeerAuthenticationView::namespace),
                index(hpas, h -> new ScaleTarget(h.namespace(), h.targetKind(), h.targetName())), Map.of(), null,
                Instant.EPOCH, null, false);
    }

    /** The same context with these StabilityExceptions, judged at {@code now} (each applies until its expiry). */
    public ClusterContext withExceptions(Collection<StabilityExceptionView> exceptions, Instant now) {
        return new ClusterContext(namespaces, peerAuthentications, hpas,
                index(exceptions, StabilityExceptionView::namespace), pdbs, now, pods, writtenVersions);
    }

    /** The same context with these PodDisruptionBudgets. */
    public ClusterContext withPodDisruptionBudgets(Collection<PodDisruptionBudgetView> budgets) {
        return new ClusterContext(namespaces, peerAuthentications, hpas, exceptions,
                index(budgets, PodDisruptionBudgetView::namespace), now, pods, writtenVersions);
    }

    /** The same context judged at another time: cheap, it shares every index. */
    public ClusterContext at(Instant now) {
        return new ClusterContext(namespaces, peerAuthentications, hpas, exceptions, pdbs, now, pods, writtenVersions);
    }

    /**
     * The same context with the Pods observed for each workload, which turns on the Pod-status rules (crash-looping,
     * oom-killed, go-runtime-fatal); they judge Pod status within a window ending at {@link #now()}.
     */
    public ClusterContext withPods(PodStatuses observed) {
        return new ClusterContext(namespaces, peerAuthentications, hpas, exceptions, pdbs, now, observed, writtenVersions);
    }

    /**
     * The same context, saying that each object's {@code apiVersion} is the one it was written in (manifests, an
     * admission request), which turns on api-deprecated. Objects read back from a cluster are served in the version
     * asked for, so the operator and {@code ballast report} never say so.
     */
    public ClusterContext withWrittenVersions() {
        return new ClusterContext(namespaces, peerAuthentications, hpas, exceptions, pdbs, now, pods, true);
    }

    /** Whether objects carry the apiVersion they were written in (see {@link #withWrittenVersions()}). */
    public boolean knowsWrittenVersions() {
        return writtenVersions;
    }

    /** Whether Pod status is observed here (the operator); the CLI and the webhook see manifests only. */
    public boolean observesPods() {
        return pods != null;
    }

    /** The workload's observed Pods; empty when none, or when Pod status is not observed at all. */
    public List<PodView> pods(Workload workload) {
        return pods == null ? List.of() : pods.of(workload);
    }

    public Instant now() {
        return now;
    }

    public List<StabilityExceptionView> exceptions(String namespace) {
        return exceptions.getOrDefault(namespace, List.of());
    }

    /** When the next StabilityException this policy honours expires, so its results can be refreshed then. */
    public Optional<Instant> nextExpiry(Policy policy) {
        if (!policy.allowExceptions()) {
            return Optional.empty();
        }
        return exceptions.values().stream().flatMap(List::stream)
                .filter(e -> e.names(policy.name()) && e.expires().isAfter(now))
                .map(StabilityExceptionView::expires).min(Instant::compareTo);
    }

    /** Equality written out: a record's generated one is bootstrapped on first use, a cost every CLI run would pay. */
    private record ScaleTarget(String namespace, String kind, String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ScaleTarget t && Objects.equals(namespace, t.namespace) && Objects.equals(kind, t.kind)
                    && Objects.equals(name, t.name);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(namespace) * 31 + Objects.hashCode(kind)) * 31 + Objects.hashCode(name);
        }
    }

    private static <K, T> Map<K, List<T>> index(Collection<T> items, java.util.function.Function<T, K> key) {
        Map<K, List<T>> byNamespace = new HashMap<>();
        items.forEach(i -> byNamespace.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        Map<K, List<T>> frozen = new HashMap<>();
        byNamespace.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Map.copyOf(frozen);
    }

    /** Labels of the namespace; empty when the namespace is unknown (e.g. a manifest without its Namespace). */
    public Map<String, String> namespaceLabels(String namespace) {
        NamespaceView view = namespaces.get(namespace);
        return view == null ? Map.of() : view.labels();
    }

    public List<PeerAuthenticationView> peerAuthentications(String namespace) {
        return peerAuthentications.getOrDefault(namespace, List.of());
    }

    /** Whether this context was given the PodDisruptionBudgets (an empty list counts); else their rules do not apply. */
    public boolean knowsPodDisruptionBudgets() {
        return pdbs != null;
    }

    /** The PodDisruptionBudgets of the workload's namespace whose selector matches its pod template labels. */
    public List<PodDisruptionBudgetView> pdbsSelecting(Workload workload) {
        if (pdbs == null) {
            return List.of();
        }
        return pdbs.getOrDefault(workload.namespace(), List.of()).stream().filter(p -> p.selects(workload)).toList();
    }

    /** The HPAs whose scale target is this workload, in the order they were given. */
    public List<HpaView> hpasTargeting(Workload workload) {
        return hpas.getOrDefault(new ScaleTarget(workload.namespace(), workload.kind(), workload.name()), List.of());
    }
}
