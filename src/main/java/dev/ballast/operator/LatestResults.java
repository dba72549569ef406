package dev.ballast.operator;

import dev.ballast.report.cluster.ClusterReportBuilder.PolicyResults;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each policy's results from its latest reconcile, published by the reconciler threads and read by the report
 * endpoints: the report shows exactly what policy status shows, and costs the API server nothing.
 */
@ApplicationScoped
public class LatestResults {
    private final ConcurrentMap<String, PolicyResults> byPolicy = new ConcurrentHashMap<>();

    void publish(PolicyResults results) {
        byPolicy.put(results.name(), results);
    }

    void forget(String policy) {
        byPolicy.remove(policy);
    }

    public List<PolicyResults> all() {
        return byPolicy.values().stream().sorted(Comparator.comparing(PolicyResults::name)).toList();
    }
}
