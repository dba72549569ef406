package dev.ballast.operator;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.RemediationEntry;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.config.BallastConfig;
import dev.ballast.config.ControllerConfig;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.config.ReportFormat;
import dev.ballast.remediation.HpaChange;
import dev.ballast.remediation.HpaPatcher;
import dev.ballast.remediation.RemediationPlanner;
import dev.ballast.report.cluster.ClusterReportBuilder;
import dev.ballast.rules.Rules;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Evaluates a StabilityPolicy incrementally and publishes the result. Each policy keeps its results per workload
 * ({@link PolicyLedger}); a reconcile evaluates only what changed since the last one ({@link PendingChanges}: a
 * workload, the workloads an HPA targets, a namespace's workloads; everything when the policy itself changed), so one
 * change costs at most one evaluation per policy. Then, in this order: HPA remediation, status (counts and lists from
 * the kept results), and only after status is written, the PolicyReports of the namespaces that changed and the
 * Events of the workloads that changed, both queued for background writers. Every {@value #RESYNC_MINUTES} minutes
 * a policy is evaluated over everything again: a safety net should a change ever be missed, and the retry of Events
 * and reports that could not be written.
 */
@ControllerConfiguration(name = "stabilitypolicy")
public class StabilityPolicyReconciler implements Reconciler<StabilityPolicy>, Cleaner<StabilityPolicy> {
    private static final Logger LOG = Logger.getLogger(StabilityPolicyReconciler.class);
    static final int RESYNC_MINUTES = 10;
    private static final Duration RESYNC = Duration.ofMinutes(RESYNC_MINUTES);

    private final BallastConfig config;
    private final ControllerConfig controller;
    private final BallastMetrics metrics;
    private final LatestResults results;
    private final Evaluator evaluator = Rules.evaluator();
    private final PolicyStatusCalculator statusCalculator;
    private final StringPool strings = new StringPool(50_000);
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, Track> tracks = new ConcurrentHashMap<>();
    private final StartupHeap startupHeap = new StartupHeap(System::gc);
    private volatile ClusterInventory inventory;
    private volatile List<PolicyReportWriter> reportWriters;
    private volatile ReportQueue reports;
    private volatile ViolationEvents events;
    private volatile HpaPatcher patcher;

    /**
     * What is kept of one policy between reconciles. Its results are concurrent (the report threads read them); the
     * other fields are written only by the policy's reconcile, which JOSDK runs on one thread at a time.
     */
    private static final class Track {
        final String uid;
        final PolicyLedger results = new PolicyLedger();
        final AtomicBoolean conflictsChanged = new AtomicBoolean();
        volatile long generation = -1;
        volatile String mode;
        volatile StabilityPolicyStatus status;
        volatile Instant lastFull = Instant.EPOCH;
        volatile Instant nextExpiry;
        volatile boolean statusCurrent;
        volatile boolean reportsQueued;

        Track(String uid) {
            this.uid = uid;
        }
    }

    public StabilityPolicyReconciler(BallastConfig config, ControllerConfig controller, BallastMetrics metrics,
                                     LatestResults results) {
        this.config = config;
        this.controller = controller;
        this.metrics = metrics;
        this.results = results;
        this.statusCalculator = new PolicyStatusCalculator(controller.statusViolations(), controller.statusRemediations());
    }

    @Override
    public List<EventSource<?, StabilityPolicy>> prepareEventSources(EventSourceContext<StabilityPolicy> context) {
        KubernetesClient client = context.getClient();
        inventory = new ClusterInventory(context);
        reportWriters = ReportApi.of(ReportFormat.of(controller)).stream()
                .map(api -> new PolicyReportWriter(client, api, controller.policyReportMaxResults())).toList();
        reports = new ReportQueue(reportWriters, policy -> {
            Track track = tracks.get(policy);
            return track == null ? null : new ReportQueue.Source(track.uid, track.results);
        }, policy -> {
            Track track = tracks.get(policy);
            if (track != null) {
                track.conflictsChanged.set(true);
                inventory.reconcile(policy);
            }
        });
        events = new ViolationEvents(client);
        patcher = new HpaPatcher(client, Annotations.FIELD_MANAGER);
        return inventory.eventSources();
    }

    @Override
    public UpdateControl<StabilityPolicy> reconcile(StabilityPolicy resource, Context<StabilityPolicy> context) {
        Instant started = clock.instant();
        String name = resource.getMetadata().getName();
        StabilityPolicyStatus previous = resource.getStatus();
        long generation = generation(resource);
        Policy policy;
        try {
            policy = PolicyMapper.map(resource, Set.of(config.namespace()));
        } catch (ManifestException e) {
            forget(name);
            startupHeap.settled(name, () -> policyNames(context));
            return patch(resource, previous, statusCalculator.failed(previous, generation, started, Conditions.INVALID_POLICY,
                    e.getMessage()));
        }
        inventory.followIstio(context);
        Track track = tracks.compute(name, (k, t) -> t != null && t.uid.equals(resource.getMetadata().getUid()) ? t
                : new Track(resource.getMetadata().getUid()));
        PendingChanges pending = inventory.pending(name);
        boolean resync = !started.isBefore(track.lastFull.plus(RESYNC))
                || (track.nextExpiry != null && !started.isBefore(track.nextExpiry));
        if (resync || track.generation != generation) {
            pending.everything();
        }
        PendingChanges.Batch batch = pending.drain();
        boolean everything = batch.everything() || (policy.mtls() != null
                && batch.namespaces().contains(policy.mtls().rootNamespace()));
        boolean conflictsChanged = track.conflictsChanged.getAndSet(false);
        if (!everything && batch.workloads().isEmpty() && batch.namespaces().isEmpty() && !conflictsChanged
                && track.statusCurrent) {
            return rescheduled(UpdateControl.noUpdate(), track, started); // e.g. a workload's status changed: nothing to do
        }

        ClusterContext clusterContext = inventory.context(started);
        Evaluated evaluated;
        try {
            evaluated = evaluate(policy, track, batch, everything, clusterContext);
        } catch (RuntimeException e) {
            pending.everything(); // the batch is lost: start again from everything
            throw e;
        }
        track.generation = generation;
        track.mode = policy.mode().name();
        if (everything) {
            track.lastFull = started;
        }
        track.nextExpiry = clusterContext.nextExpiry(policy).orElse(null);
        List<RemediationEntry> remediated = remediate(policy, evaluated, clusterContext, started);
        if (!evaluated.changedNamespaces().isEmpty() || !remediated.isEmpty()) {
            track.statusCurrent = false;
        }

        String note = reportWriters.stream().map(PolicyReportWriter::note).filter(java.util.Objects::nonNull)
                .reduce((a, b) -> a + "; " + b).orElse(null);
        String judgement = inventory.mtlsJudgement() + (note == null ? "" : "; " + note);
        String conflicting = conflictSummary(reports.conflicts(name));
        Instant now = clock.instant();
        StabilityPolicyStatus status = statusCalculator.withReportConflicts(previous,
                statusCalculator.compute(previous, track.results, generation, now, judgement, remediated), conflicting, now);
        if (!PolicyStatusCalculator.sameIgnoringTime(previous, status) || stale(previous, status)) {
            writeStatus(resource, status, context);
        }
        track.status = status;
        track.statusCurrent = true;

        // behind the status: reports and Events, each from its own queue
        if (note == null) {
            if (!track.reportsQueued) {
                reports.namespaces(name, track.results.namespaces());
                reports.sweep(name);
                track.reportsQueued = true;
            } else {
                reports.namespaces(name, evaluated.changedNamespaces());
            }
            if (batch.everything()) {
                reports.retryConflicts(name);
            }
        } else {
            track.reportsQueued = false; // when the CRD comes, every namespace is written
        }
        for (WorkloadKey key : batch.everything() ? track.results.keys() : evaluated.changed()) {
            WorkloadOutcome outcome = track.results.outcome(key);
            if (outcome != null && !outcome.compliant()) {
                events.violations(outcome.evaluation(name), "apps/v1", outcome.subject().source().uid());
            }
        }
        if (conflicting != null) {
            events.reportConflicts(name, track.uid, conflicting);
        }
        metrics.score(name, track.results.totals().score());
        metrics.evaluations(name, evaluated.count());
        metrics.reconciled(name, Duration.between(started, clock.instant()));
        results.publish(name, () -> ClusterReportBuilder.PolicyResults.of(name, track.mode, track.results.evaluations(name),
                track.status));
        if (everything) {
            startupHeap.settled(name, () -> policyNames(context));
        }
        return rescheduled(UpdateControl.noUpdate(), track, started);
    }

    private static java.util.stream.Stream<String> policyNames(Context<StabilityPolicy> context) {
        return context.getPrimaryCache().list().map(p -> p.getMetadata().getName());
    }

    /**
     * What one reconcile evaluated: how many evaluations ran, the workloads whose outcome changed and their namespaces,
     * and the evaluations (with their workloads) whose HPA CPU target fails, for remediation. Only these are held:
     * at 50,000 workloads every evaluation of a first run would be tens of MB.
     */
    private record Evaluated(int count, List<WorkloadKey> changed, Set<String> changedNamespaces,
                             List<Evaluation> hpaFailures, List<Workload> hpaWorkloads) {
    }

    private Evaluated evaluate(Policy policy, Track track, PendingChanges.Batch batch, boolean everything,
                               ClusterContext context) {
        Set<String> kinds = policy.match().kinds();
        Set<WorkloadKey> keys = new HashSet<>();
        if (everything) {
            inventory.workloads(kinds).forEach(w -> keys.add(key(w)));
            keys.addAll(track.results.keys());
        } else {
            keys.addAll(batch.workloads());
            for (String namespace : batch.namespaces()) {
                inventory.workloads(kinds, namespace).forEach(w -> keys.add(key(w)));
                keys.addAll(track.results.keys(namespace));
            }
        }
        int count = 0;
        List<WorkloadKey> changed = new ArrayList<>();
        Set<String> namespaces = new TreeSet<>();
        List<Evaluation> hpaFailures = new ArrayList<>();
        List<Workload> hpaWorkloads = new ArrayList<>();
        for (WorkloadKey key : keys) {
            Workload workload = kinds.contains(key.kind()) ? inventory.workload(key) : null;
            Evaluation evaluation = workload == null ? null : evaluator.evaluate(policy, workload, context).orElse(null);
            if (evaluation != null) {
                count++;
                if (evaluation.resultsOf(Result.FAIL).stream().anyMatch(r -> r.rule() == RuleId.HPA_CPU_TARGET)) {
                    hpaFailures.add(evaluation);
                    hpaWorkloads.add(workload);
                }
            }
            PolicyLedger.Replaced replaced = track.results.replace(key,
                    evaluation == null ? null : WorkloadOutcome.of(evaluation, strings));
            if (replaced != null) {
                metrics.outcomeChanged(policy.name(), replaced.before(), replaced.after());
                namespaces.add(key.namespace());
                changed.add(key);
            }
        }
        return new Evaluated(count, changed, namespaces, hpaFailures, hpaWorkloads);
    }

    private static WorkloadKey key(Workload w) {
        return new WorkloadKey(w.namespace(), w.name(), w.kind());
    }

    /** Comes back for the next resync, or sooner when a StabilityException expires (no event says so). */
    private static UpdateControl<StabilityPolicy> rescheduled(UpdateControl<StabilityPolicy> control, Track track, Instant now) {
        Instant next = track.lastFull.plus(RESYNC);
        if (track.nextExpiry != null && track.nextExpiry.isBefore(next)) {
            next = track.nextExpiry.plusSeconds(1); // a second late, so the exception is certainly past its expiry
        }
        return control.rescheduleAfter(Duration.between(now, next).isNegative() ? Duration.ofSeconds(1)
                : Duration.between(now, next));
    }

    private List<RemediationEntry> remediate(Policy policy, Evaluated evaluated, ClusterContext context, Instant now) {
        List<HpaChange> changes = RemediationPlanner.plan(policy, evaluated.hpaWorkloads(), evaluated.hpaFailures(), context);
        List<RemediationEntry> done = new ArrayList<>();
        for (HpaChange change : changes) {
            ObjectMeta hpa = inventory.hpaMetadata(change.namespace(), change.name());
            if (hpa == null || !patcher.apply(change, hpa)) {
                continue;
            }
            done.add(new RemediationEntry(change.namespace(), change.name(), change.from(), change.to(), now.toString()));
            events.remediated(change.namespace(), change.name(), hpa.getUid(), change.from(), change.to(), policy.name());
            metrics.remediated(policy.name());
        }
        if (!done.isEmpty()) {
            // the patched HPAs come back through the informer and re-evaluate their workloads
            LOG.infof("policy %s lowered %d HPA CPU target(s)", policy.name(), done.size());
        }
        return done;
    }

    /** The conflicting reports for a message, bounded: the first few, then how many more; null when none. */
    static String conflictSummary(List<String> conflicts) {
        int named = 10;
        if (conflicts.isEmpty()) {
            return null;
        }
        return String.join(", ", conflicts.subList(0, Math.min(named, conflicts.size())))
                + (conflicts.size() > named ? " and " + (conflicts.size() - named) + " more" : "");
    }

    /**
     * Writes status now, before any report or Event is queued, the way JOSDK would after the reconcile (server-side
     * apply, or a JSON patch where that is off), keeping the written status in JOSDK's cache for the next reconcile.
     */
    private static void writeStatus(StabilityPolicy resource, StabilityPolicyStatus status, Context<StabilityPolicy> context) {
        if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            context.resourceOperations().serverSideApplyPrimaryStatus(statusOnly(resource, status));
        } else {
            context.resourceOperations().jsonPatchPrimaryStatus(resource, r -> {
                r.setStatus(status);
                return r;
            });
        }
    }

    private static UpdateControl<StabilityPolicy> patch(StabilityPolicy resource, StabilityPolicyStatus previous,
                                                        StabilityPolicyStatus status) {
        if (PolicyStatusCalculator.sameIgnoringTime(previous, status) && !stale(previous, status)) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(statusOnly(resource, status));
    }

    /** A fresh object holding only the name and the status, so a status write can never touch the spec. */
    private static StabilityPolicy statusOnly(StabilityPolicy resource, StabilityPolicyStatus status) {
        StabilityPolicy fresh = new StabilityPolicy();
        fresh.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName()).build());
        fresh.setStatus(status);
        return fresh;
    }

    private static long generation(StabilityPolicy resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** An unchanged status is still rewritten now and then, so lastEvaluationTime never misleads for long. */
    private static boolean stale(StabilityPolicyStatus previous, StabilityPolicyStatus status) {
        try {
            return !Instant.parse(previous.lastEvaluationTime()).plus(RESYNC).isAfter(Instant.parse(status.lastEvaluationTime()));
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Drops what is kept of a policy that is gone or invalid; it starts again from everything. */
    private void forget(String name) {
        tracks.remove(name);
        inventory.forget(name);
        results.forget(name);
        metrics.forget(name);
    }

    @Override
    public ErrorStatusUpdateControl<StabilityPolicy> updateErrorStatus(StabilityPolicy resource,
                                                                       Context<StabilityPolicy> context, Exception e) {
        LOG.warnf(e, "evaluating policy %s failed", resource.getMetadata().getName());
        return ErrorStatusUpdateControl.patchStatus(statusOnly(resource, statusCalculator.failed(resource.getStatus(),
                generation(resource), clock.instant(), Conditions.EVALUATION_FAILED, String.valueOf(e.getMessage()))));
    }

    @Override
    public DeleteControl cleanup(StabilityPolicy resource, Context<StabilityPolicy> context) {
        String name = resource.getMetadata().getName();
        forget(name);
        reports.deleteAll(name);
        return DeleteControl.defaultDelete();
    }
}
