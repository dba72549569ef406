package dev.ballast.operator;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.mapping.ManifestException;
import dev.ballast.api.mapping.PolicyMapper;
import dev.ballast.api.status.RemediationEntry;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.config.BallastConfig;
import dev.ballast.config.ControllerConfig;
import dev.ballast.config.ReportFormat;
import dev.ballast.remediation.HpaChange;
import dev.ballast.remediation.HpaPatcher;
import dev.ballast.remediation.RemediationPlanner;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.policy.Policy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
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
import dev.ballast.report.cluster.ClusterReportBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Evaluates a StabilityPolicy against the workloads in the informer caches and publishes the result: status,
 * PolicyReports, Events, metrics, and HPA remediation when asked. Any watched change re-runs it.
 */
@ControllerConfiguration(name = "stabilitypolicy")
public class StabilityPolicyReconciler implements Reconciler<StabilityPolicy>, Cleaner<StabilityPolicy> {
    private static final Logger LOG = Logger.getLogger(StabilityPolicyReconciler.class);
    private static final Duration STATUS_REFRESH = Duration.ofMinutes(10);

    private final BallastConfig config;
    private final ControllerConfig controller;
    private final BallastMetrics metrics;
    private final LatestResults results;
    private final Evaluator evaluator = Rules.evaluator();
    private final PolicyStatusCalculator statusCalculator;
    private final Clock clock = Clock.systemUTC();
    private volatile ClusterInventory inventory;
    private volatile PolicyReportWriters reports;
    private volatile ViolationEvents events;
    private volatile HpaPatcher patcher;

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
        reports = new PolicyReportWriters(client, ReportFormat.of(controller), controller.policyReportMaxResults());
        events = new ViolationEvents(client);
        patcher = new HpaPatcher(client, Annotations.FIELD_MANAGER);
        return inventory.eventSources();
    }

    @Override
    public UpdateControl<StabilityPolicy> reconcile(StabilityPolicy resource, Context<StabilityPolicy> context) {
        Instant started = clock.instant();
        StabilityPolicyStatus previous = resource.getStatus();
        long generation = generation(resource);
        Policy policy;
        try {
            policy = PolicyMapper.map(resource, Set.of(config.namespace()));
        } catch (ManifestException e) {
            results.forget(resource.getMetadata().getName());
            return patch(resource, previous, statusCalculator.failed(previous, generation, started, Conditions.INVALID_POLICY,
                    e.getMessage()));
        }
        inventory.followIstio(context);
        ClusterInventory.Snapshot snapshot = inventory.snapshot(policy.match().kinds(), started);
        List<Evaluation> evaluations = evaluator.evaluateAll(policy, snapshot.workloads(), snapshot.context());
        List<RemediationEntry> remediated = remediate(policy, snapshot, evaluations, started);
        if (!remediated.isEmpty()) {
            // re-read the caches on the next event; the patched HPAs come back through the informer
            LOG.infof("policy %s lowered %d HPA CPU target(s)", policy.name(), remediated.size());
        }
        PolicyReportWriter.Outcome written = reports.write(policy.name(), resource.getMetadata().getUid(), evaluations);
        for (Evaluation e : evaluations) {
            events.violations(e, "apps/v1", e.subject().source().uid());
        }
        String conflicting = written.conflictSummary();
        if (conflicting != null) {
            events.reportConflicts(policy.name(), resource.getMetadata().getUid(), conflicting);
        }
        String judgement = snapshot.mtlsJudgement() + (written.note() == null ? "" : "; " + written.note());
        Instant now = clock.instant();
        StabilityPolicyStatus status = statusCalculator.withReportConflicts(previous,
                statusCalculator.compute(previous, evaluations, generation, now, judgement, remediated), conflicting, now);
        metrics.evaluated(policy.name(), evaluations, Duration.between(started, clock.instant()));
        results.publish(ClusterReportBuilder.PolicyResults.of(policy.name(), policy.mode().name(), evaluations, status));
        return atNextExpiry(patch(resource, previous, status), snapshot.context().nextExpiry(policy), started);
    }

    /** An expiring StabilityException raises no event: come back when it expires so its skips turn into results. */
    private static UpdateControl<StabilityPolicy> atNextExpiry(UpdateControl<StabilityPolicy> control,
                                                               java.util.Optional<Instant> expiry, Instant now) {
        // a second late, so the exception is certainly past its expiry when the policy is evaluated again
        expiry.ifPresent(at -> control.rescheduleAfter(Duration.between(now, at).plusSeconds(1)));
        return control;
    }

    private List<RemediationEntry> remediate(Policy policy, ClusterInventory.Snapshot snapshot, List<Evaluation> evaluations,
                                             Instant now) {
        List<HpaChange> changes = RemediationPlanner.plan(policy, snapshot.workloads(), evaluations, snapshot.context());
        List<RemediationEntry> done = new ArrayList<>();
        for (HpaChange change : changes) {
            HorizontalPodAutoscaler hpa = snapshot.hpas().stream()
                    .filter(h -> change.namespace().equals(h.getMetadata().getNamespace())
                            && change.name().equals(h.getMetadata().getName()))
                    .findFirst().orElse(null);
            if (hpa == null || !patcher.apply(change, hpa.getMetadata())) {
                continue;
            }
            done.add(new RemediationEntry(change.namespace(), change.name(), change.from(), change.to(), now.toString()));
            events.remediated(change.namespace(), change.name(), hpa.getMetadata().getUid(), change.from(), change.to(),
                    policy.name());
            metrics.remediated(policy.name());
        }
        return done;
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
            return Instant.parse(previous.lastEvaluationTime()).plus(STATUS_REFRESH).isBefore(Instant.parse(status.lastEvaluationTime()));
        } catch (RuntimeException e) {
            return true;
        }
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
        results.forget(resource.getMetadata().getName());
        reports.deleteAll(resource.getMetadata().getName());
        metrics.forget(resource.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }
}
