package dev.ballast.operator;

import dev.ballast.report.cluster.ClusterReportBuilder.PolicyResults;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Each policy's latest results, read by the report endpoints: the report shows exactly what policy status shows, and
 * costs the API server nothing. The reconciler publishes a source per policy (its results kept per workload); the
 * evaluations a report needs are built from it on request only.
 */
@ApplicationScoped
public class LatestResults {
    private final ConcurrentMap<String, Supplier<PolicyResults>> byPolicy = new ConcurrentSkipListMap<>();

    void publish(String policy, Supplier<PolicyResults> results) {
        byPolicy.put(policy, results);
    }

    void forget(String policy) {
        byPolicy.remove(policy);
    }

    /** Every policy's results, by name. */
    public List<PolicyResults> all() {
        return byPolicy.values().stream().map(Supplier::get).toList();
    }
}
