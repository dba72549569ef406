package dev.ballast.operator;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One gauge family counting failing (workload, rule) pairs of the rules it counts, kept by difference as one
 * workload's outcome changes, never by rescanning: one gauge per policy and tag values while its count is above
 * zero, removed at zero. Concurrent maps; the counts of one policy change from its reconcile only.
 */
final class FailureGauges {
    private record Row(AtomicInteger count, Gauge gauge) {
    }

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Predicate<RuleId> counted;
    private final List<String> tagNames;
    private final BiFunction<String, RuleResult, List<String>> tagValues;
    private final ConcurrentMap<String, ConcurrentMap<List<String>, Row>> byPolicy = new ConcurrentHashMap<>();

    /** {@code tagValues}: (namespace, failing result) to the values of {@code tagNames}, in order; "policy" is added. */
    FailureGauges(MeterRegistry registry, String name, String description, Predicate<RuleId> counted, List<String> tagNames,
                  BiFunction<String, RuleResult, List<String>> tagValues) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.counted = counted;
        this.tagNames = List.copyOf(tagNames);
        this.tagValues = tagValues;
    }

    /** Adds {@code delta} (1 or -1) for each counted failing rule of {@code outcome} (null: nothing). */
    void adjust(String policy, WorkloadOutcome outcome, int delta) {
        if (outcome == null) {
            return;
        }
        for (RuleResult r : outcome.nonPassing()) {
            if (r.result() != Result.FAIL || !counted.test(r.rule())) {
                continue;
            }
            ConcurrentMap<List<String>, Row> rows = byPolicy.computeIfAbsent(policy, p -> new ConcurrentHashMap<>());
            List<String> key = tagValues.apply(outcome.subject().namespace(), r);
            Row row = rows.computeIfAbsent(key, k -> register(policy, k));
            if (row.count().addAndGet(delta) <= 0) {
                rows.remove(key);
                registry.remove(row.gauge());
            }
        }
    }

    private Row register(String policy, List<String> values) {
        AtomicInteger count = new AtomicInteger();
        Tags tags = Tags.of("policy", policy);
        for (int i = 0; i < tagNames.size(); i++) {
            tags = tags.and(tagNames.get(i), values.get(i));
        }
        return new Row(count, Gauge.builder(name, count, AtomicInteger::get).description(description).tags(tags)
                .register(registry));
    }

    /** Removes every gauge of a policy that is gone. */
    void forget(String policy) {
        ConcurrentMap<List<String>, Row> rows = byPolicy.remove(policy);
        if (rows != null) {
            rows.values().forEach(r -> registry.remove(r.gauge()));
        }
    }
}
