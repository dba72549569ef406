package dev.ballast.operator;

import dev.ballast.operator.PolicyReportWriter.Written;
import dev.ballast.rules.engine.Evaluation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Writes PolicyReports behind status, on one background thread: the reconciler names the namespaces whose results
 * changed and returns; the writer builds each namespace's report from the policy's results as they are when it gets
 * there, so many changes to one namespace cost one write (a namespace is queued at most once per policy, which
 * also bounds the queue by policies × namespaces). A namespace is taken off the queue before its results are read:
 * a change made meanwhile queues it again. Reports of another tool in the way are remembered per policy; when that
 * set changes, {@code onConflictsChanged} asks for the policy to be reconciled, so its status names them.
 */
final class ReportQueue {
    private static final Logger LOG = Logger.getLogger(ReportQueue.class);

    /** What the writer needs of a policy at write time; null from the lookup when the policy is gone. */
    record Source(String uid, PolicyLedger results) {
    }

    /** One namespace's report of one policy; a null namespace is a sweep of the policy's reports left from before. */
    private record Task(String policy, String namespace) {
    }

    private final List<PolicyReportWriter> writers;
    private final Function<String, Source> sources;
    private final Consumer<String> onConflictsChanged;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Set<Task> queued = ConcurrentHashMap.newKeySet();
    /** Per policy: each report left untouched, as named in status ({@link ReportApi#describe}), and its namespace. */
    private final ConcurrentMap<String, ConcurrentMap<String, String>> conflicts = new ConcurrentHashMap<>();
    /** Held while writing, so deleting a policy's reports never interleaves with writing one of them. */
    private final Object writing = new Object();

    /** {@code writers}: one per report API written ({@code ballast.reports.format}), each given the same results. */
    ReportQueue(List<PolicyReportWriter> writers, Function<String, Source> sources, Consumer<String> onConflictsChanged) {
        this.writers = List.copyOf(writers);
        this.sources = sources;
        this.onConflictsChanged = onConflictsChanged;
        Thread thread = new Thread(this::drain, "ballast-policy-reports");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the policy's report in each of these namespaces. */
    void namespaces(String policy, Collection<String> namespaces) {
        namespaces.forEach(ns -> add(new Task(policy, ns)));
    }

    /** Queues a look for the policy's reports in namespaces where it has no results any more (e.g. after a restart). */
    void sweep(String policy) {
        add(new Task(policy, null));
    }

    /** Queues again the namespaces where another tool's report was in the way, to see whether it still is. */
    void retryConflicts(String policy) {
        namespaces(policy, Set.copyOf(conflictsOf(policy).values()));
    }

    private void add(Task task) {
        if (queued.add(task)) {
            queue.add(task);
        }
    }

    /** The reports left untouched because another tool owns them ({@code namespace/name}), sorted; empty when none. */
    List<String> conflicts(String policy) {
        return conflictsOf(policy).keySet().stream().sorted().toList();
    }

    /** Report → namespace for the policy's conflicts; an empty view (nothing allocated) when it has none. */
    private Map<String, String> conflictsOf(String policy) {
        Map<String, String> known = conflicts.get(policy);
        return known == null ? Map.of() : known;
    }

    /** Drops what is queued for the policy and deletes its reports (its finalizer waits for this). */
    void deleteAll(String policy) {
        queue.removeIf(t -> t.policy().equals(policy));
        queued.removeIf(t -> t.policy().equals(policy));
        conflicts.remove(policy);
        synchronized (writing) {
            writers.forEach(w -> w.deleteAll(policy));
        }
    }

    private void drain() {
        while (!Thread.currentThread().isInterrupted()) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            queued.remove(task);
            try {
                synchronized (writing) {
                    run(task);
                }
            } catch (RuntimeException e) {
                LOG.debugf("PolicyReport of %s in %s not written: %s", task.policy(), task.namespace(), e.getMessage());
            }
        }
    }

    private void run(Task task) {
        Source source = sources.apply(task.policy());
        if (source == null) {
            return; // the policy is gone or invalid; its reports went with it
        }
        if (task.namespace() == null) {
            Set<String> current = source.results().namespaces();
            writers.forEach(w -> namespaces(task.policy(),
                    w.reportNamespaces(task.policy()).stream().filter(ns -> !current.contains(ns)).toList()));
            return;
        }
        List<Evaluation> evaluations = source.results().evaluations(task.policy(), task.namespace());
        ConcurrentMap<String, String> conflicting = conflicts.computeIfAbsent(task.policy(), p -> new ConcurrentHashMap<>());
        boolean changed = false;
        for (PolicyReportWriter writer : writers) {
            Written written = writer.write(task.policy(), source.uid(), task.namespace(), evaluations);
            String report = writer.api().describe(task.namespace(), PolicyReportWriter.reportName(task.policy()));
            changed |= written == Written.CONFLICT ? conflicting.put(report, task.namespace()) == null
                    : written == Written.DONE && conflicting.remove(report) != null;
        }
        if (changed) {
            onConflictsChanged.accept(task.policy());
        }
    }
}
