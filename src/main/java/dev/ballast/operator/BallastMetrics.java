package dev.ballast.operator;

import dev.ballast.rules.runtime.RuntimeCauses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics on /q/metrics. The violation and runtime-failure gauges are kept by difference as workloads'
 * outcomes change ({@link FailureGauges}); per-policy state lives in concurrent maps, and JOSDK never reconciles one
 * policy on two threads at once.
 */
@ApplicationScoped
public class BallastMetrics {
    public static final String VIOLATIONS = "ballast_violations";
    public static final String SCORE = "ballast_compliance_score";
    public static final String RECONCILE = "ballast_reconcile_duration";
    public static final String REMEDIATIONS = "ballast_remediations";
    public static final String EVALUATIONS = "ballast_evaluations";
    public static final String RUNTIME_FAILURES = "ballast_runtime_failures";

    private final MeterRegistry registry;
    private final FailureGauges violations;
    private final FailureGauges runtimeFailures;
    private final ConcurrentMap<String, AtomicInteger> scores = new ConcurrentHashMap<>();

    public BallastMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.violations = new FailureGauges(registry, VIOLATIONS, "Failing (workload, rule) pairs", rule -> true,
                List.of("namespace", "rule", "severity"), (namespace, r) -> List.of(namespace, r.rule().id(), r.severity().id()));
        this.runtimeFailures = new FailureGauges(registry, RUNTIME_FAILURES,
                "Workloads failing a Pod-status rule (crash-looping, oom-killed, go-runtime-fatal)", RuntimeCauses::podStatusRule,
                List.of("namespace", "rule"), (namespace, r) -> List.of(namespace, r.rule().id()));
    }

    /** A workload's outcome under a policy changed from {@code before} to {@code after} (either may be null). */
    void outcomeChanged(String policy, WorkloadOutcome before, WorkloadOutcome after) {
        violations.adjust(policy, before, -1);
        violations.adjust(policy, after, 1);
        runtimeFailures.adjust(policy, before, -1);
        runtimeFailures.adjust(policy, after, 1);
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
        violations.forget(policy);
        runtimeFailures.forget(policy);
        AtomicInteger score = scores.remove(policy);
        if (score != null) {
            registry.find(SCORE).tag("policy", policy).meters().forEach(registry::remove);
        }
        registry.find(REMEDIATIONS).tag("policy", policy).meters().forEach(registry::remove);
    }
}
