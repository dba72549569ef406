package dev.ballast.operator;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.engine.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics on /q/metrics. Per-policy gauges live in concurrent maps; JOSDK never reconciles one policy
 * on two threads at once, so each policy's MultiGauge is written by one thread at a time.
 */
@ApplicationScoped
public class BallastMetrics {
    public static final String VIOLATIONS = "ballast_violations";
    public static final String SCORE = "ballast_compliance_score";
    public static final String RECONCILE = "ballast_reconcile_duration";
    public static final String REMEDIATIONS = "ballast_remediations";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, MultiGauge> violations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> scores = new ConcurrentHashMap<>();

    public BallastMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void evaluated(String policy, List<Evaluation> evaluations, Duration took) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (Evaluation e : evaluations) {
            for (RuleResult r : e.resultsOf(Result.FAIL)) {
                counts.merge(List.of(e.subject().namespace(), r.rule().id(), r.rule().severity().id()), 1, Integer::sum);
            }
        }
        violations.computeIfAbsent(policy, p -> MultiGauge.builder(VIOLATIONS)
                        .description("Failing (workload, rule) pairs").register(registry))
                .register(counts.entrySet().stream().map(c -> MultiGauge.Row.of(Tags.of("policy", policy,
                        "namespace", c.getKey().get(0), "rule", c.getKey().get(1), "severity", c.getKey().get(2)),
                        c.getValue())).toList(), true);
        scores.computeIfAbsent(policy, p -> {
            AtomicInteger score = new AtomicInteger();
            Gauge.builder(SCORE, score, AtomicInteger::get).description("Compliance score 0-100 of a policy: "
                    + "floor(100 x passed / (passed + failed)) over (workload, rule) pairs").tag("policy", p).register(registry);
            return score;
        }).set(Score.of(evaluations).score());
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
        MultiGauge gauge = violations.remove(policy);
        if (gauge != null) {
            gauge.register(List.of(), true);
        }
        AtomicInteger score = scores.remove(policy);
        if (score != null) {
            registry.find(SCORE).tag("policy", policy).meters().forEach(registry::remove);
        }
        registry.find(REMEDIATIONS).tag("policy", policy).meters().forEach(registry::remove);
    }
}
