package dev.ballast.operator;

import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics on /q/metrics. The violation gauges are kept by difference as workloads' outcomes change
 * (one gauge per policy, namespace, rule and severity while its count is above zero); per-policy state lives in
 * concurrent maps, and JOSDK never reconciles one policy on two threads at once.
 */
@ApplicationScoped
public class BallastMetrics {
    public static final String VIOLATIONS = "ballast_violations";
    public static final String SCORE = "ballast_compliance_score";
    public static final String RECONCILE = "ballast_reconcile_duration";
    public static final String REMEDIATIONS = "ballast_remediations";
    public static final String EVALUATIONS = "ballast_evaluations";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ConcurrentMap<List<String>, Row>> violations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> scores = new ConcurrentHashMap<>();

    private record Row(AtomicInteger count, Gauge gauge) {
    }

    public BallastMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A workload's outcome under a policy changed from {@code before} to {@code after} (either may be null). */
    void outcomeChanged(String policy, WorkloadOutcome before, WorkloadOutcome after) {
        ConcurrentMap<List<String>, Row> rows = violations.computeIfAbsent(policy, p -> new ConcurrentHashMap<>());
        adjust(policy, rows, before, -1);
        adjust(policy, rows, after, 1);
    }

    private void adjust(String policy, ConcurrentMap<List<String>, Row> rows, WorkloadOutcome outcome, int delta) {
        if (outcome == null) {
            return;
        }
        for (RuleResult r : outcome.nonPassing()) {
            if (r.result() != Result.FAIL) {
                continue;
            }
            List<String> key = List.of(outcome.subject().namespace(), r.rule().id(), r.severity().id());
            Row row = rows.computeIfAbsent(key, k -> {
                AtomicInteger count = new AtomicInteger();
                return new Row(count, Gauge.builder(VIOLATIONS, count, AtomicInteger::get)
                        .description("Failing (workload, rule) pairs").tags(Tags.of("policy", policy,
                                "namespace", k.get(0), "rule", k.get(1), "severity", k.get(2))).register(registry));
            });
            if (row.count().addAndGet(delta) <= 0) {
                rows.remove(key);
                registry.remove(row.gauge());
            }
        }
    }

    void score(String policy, int score) {
        scores.computeIfAbsent(policy, p -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(SCORE, value, AtomicInteger::get).description("Compliance score 0-100 of a policy: "
                    + "floor(100 x passed / (passed + failed)) over (workload, rule) pairs").tag("policy", p).register(registry);
            return value;
        }).set(score);
    }

    /** Workloads evaluated for a policy: one change costs at most one evaluation per policy selecting the workload. */
    void evaluations(String policy, int count) {
        Counter.builder(EVALUATIONS).description("Workload evaluations run, per policy").tag("policy", policy)
                .register(registry).increment(count);
    }

    void reconciled(String policy, Duration took) {
        Timer.builder(RECONCILE).description("Time to evaluate a policy").tag("policy", policy)
                .publishPercentileHistogram().register(registry).record(took);
        remediations(policy); // 0 from the first evaluation, so increase() and rate() see the first remediation
    }

    void remediated(String policy) {
        remediations(policy).increment();
    }

    private Counter remediations(String policy) {
        return Counter.builder(REMEDIATIONS).description("HPA CPU targets lowered").tag("policy", policy).register(registry);
    }

    void forget(String policy) {
        ConcurrentMap<List<String>, Row> rows = violations.remove(policy);
        if (rows != null) {
            rows.values().forEach(r -> registry.remove(r.gauge()));
        }
        AtomicInteger score = scores.remove(policy);
        if (score != null) {
            registry.find(SCORE).tag("policy", policy).meters().forEach(registry::remove);
        }
        registry.find(REMEDIATIONS).tag("policy", policy).meters().forEach(registry::remove);
    }
}
