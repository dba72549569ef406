package dev.ballast.operator;

import java.util.Comparator;

/**
 * Names one workload: ordered by namespace, name, then kind, so a sorted map of results lists a namespace's workloads
 * together and in the order status and PolicyReports show them.
 */
record WorkloadKey(String namespace, String name, String kind) implements Comparable<WorkloadKey> {
    private static final Comparator<WorkloadKey> ORDER = Comparator.comparing(WorkloadKey::namespace)
            .thenComparing(WorkloadKey::name).thenComparing(WorkloadKey::kind);

    /** Sorts before every workload of {@code namespace}. */
    static WorkloadKey first(String namespace) {
        return new WorkloadKey(namespace, "", "");
    }

    /** Sorts after every workload of {@code namespace} and before those of the next namespace. */
    static WorkloadKey last(String namespace) {
        return new WorkloadKey(namespace, "\uffff", "");
    }

    @Override
    public int compareTo(WorkloadKey other) {
        return ORDER.compare(this, other);
    }
}
