package dev.ballast.operator;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Emits Events on workloads and HPAs. An Event's name is derived from its target, policy and content, so the same
 * violations produce the same name: a resync, a restart or a second replica re-creating it gets a 409 and nothing
 * repeats while nothing changes. A 403 is logged once, never fatal. Events are written by one background thread
 * from a bounded queue, so a first evaluation of thousands of workloads never holds up status; when the queue is
 * full, events are dropped (and retried at a later evaluation), never the evaluation. Writes are paced (at most
 * {@value #EVENTS_PER_SECOND} per second) so a first evaluation of a large cluster cannot flood the API server;
 * remediation Events go to the front of the queue, so a backlog of violations never delays them. Each remediation
 * is an action, not a state: it is never deduplicated, and repeating one (a person raised the target again) bumps
 * the count and lastTimestamp of its Event, so every remediation stays visible.
 */
final class ViolationEvents {
    private static final Logger LOG = Logger.getLogger(ViolationEvents.class);
    private static final int MEMORY = 100_000;
    static final int EVENTS_PER_SECOND = 20;
    private final KubernetesClient client;
    private final Set<String> emitted = ConcurrentHashMap.newKeySet();
    /** Reconciler threads add, the writer thread takes; remediation Events jump the queue (rare, and awaited). */
    private final LinkedBlockingDeque<Runnable> queue = new LinkedBlockingDeque<>(20_000);
    private volatile boolean forbiddenLogged;

    ViolationEvents(KubernetesClient client) {
        this.client = client;
        Thread writer = new Thread(this::drain, "ballast-events");
        writer.setDaemon(true);
        writer.start();
    }

    private void drain() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                queue.take().run();
                Thread.sleep(1000 / EVENTS_PER_SECOND);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debugf("event not written: %s", e.getMessage());
            }
        }
    }

    void violations(Evaluation e, String apiVersion, String uid) {
        var failing = e.resultsOf(Result.FAIL).stream().map(RuleResult::rule).toList();
        if (failing.isEmpty()) {
            return;
        }
        String rules = failing.stream().map(r -> r.id()).collect(Collectors.joining(", "));
        String message = "policy " + e.policy() + ": " + failing.size() + " violation" + (failing.size() == 1 ? "" : "s")
                + ": " + rules;
        var s = e.subject();
        emit(new ObjectReference(apiVersion, null, s.kind(), s.name(), s.namespace(), null, uid),
                EventReasons.STABILITY_VIOLATION, message, e.policy());
    }

    void remediated(String namespace, String name, String uid, int from, int to, String policy) {
        var target = new ObjectReference("autoscaling/v2", null, "HorizontalPodAutoscaler", name, namespace, null, uid);
        String message = "policy " + policy + " lowered the CPU target from " + from + "% to " + to + "%";
        String key = key(target, EventReasons.HPA_REMEDIATED, policy, message);
        if (!queue.offerFirst(() -> write(target, EventReasons.HPA_REMEDIATED, message, key, true))) {
            LOG.warnf("event queue full: remediation of %s/%s is in the policy status only", namespace, name);
        }
    }

    /** A Warning on the (cluster-scoped) policy naming the PolicyReports left untouched because another tool owns them. */
    void reportConflicts(String policy, String uid, String conflicting) {
        emit(new ObjectReference("ballast.dev/v1alpha1", null, "StabilityPolicy", policy, null, null, uid),
                EventReasons.POLICY_REPORT_CONFLICT,
                "policy " + policy + ": PolicyReports owned by another tool left untouched: " + conflicting, policy);
    }

    private void emit(ObjectReference target, String reason, String message, String policy) {
        String key = key(target, reason, policy, message);
        if (emitted.size() > MEMORY) {
            emitted.clear();
        }
        if (emitted.add(key)) {
            Runnable task = () -> write(target, reason, message, key, false);
            if (!queue.offerLast(task)) {
                emitted.remove(key); // queue full: dropped now, retried at a later evaluation
            }
        }
    }

    private static String key(ObjectReference target, String reason, String policy, String message) {
        return target.getUid() + "|" + reason + "|" + policy + "|" + message;
    }

    /** Creates the Event; when it exists, a repeat bumps its count, anything else is the same Event again. */
    private void write(ObjectReference target, String reason, String message, String key, boolean repeat) {
        String name = target.getName() + ".ballast-" + Integer.toHexString(key.hashCode() & 0x7fffffff);
        String now = Instant.now().toString();
        // a cluster-scoped object's Events live in "default", as kubectl and the API server expect
        String namespace = target.getNamespace() == null ? "default" : target.getNamespace();
        Event event = new EventBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(Annotations.MANAGED_BY_LABEL, Annotations.FIELD_MANAGER).endMetadata()
                .withInvolvedObject(target).withReason(reason).withMessage(message)
                .withType(EventReasons.HPA_REMEDIATED.equals(reason) ? "Normal" : "Warning")
                .withNewSource().withComponent("ballast").endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withReportingComponent("ballast.dev/operator").withReportingInstance("ballast").build();
        var events = client.v1().events().inNamespace(namespace);
        try {
            if (repeat && events.withName(name).get() != null) {
                events.withName(name).edit(existing -> new EventBuilder(existing).withLastTimestamp(now)
                        .withCount(existing.getCount() == null ? 2 : existing.getCount() + 1).build());
            } else {
                events.resource(event).create();
            }
        } catch (KubernetesClientException ex) {
            if (ex.getCode() == 403 && !forbiddenLogged) {
                forbiddenLogged = true;
                LOG.warnf("not allowed to create Events in %s; violations stay visible in status and reports", namespace);
            } else if (ex.getCode() != 409 && ex.getCode() != 403) {
                LOG.debugf("event %s not written: %s", name, ex.getMessage());
                emitted.remove(key); // retried on the next evaluation
            }
        }
    }
}
