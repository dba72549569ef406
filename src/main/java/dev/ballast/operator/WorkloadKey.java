package dev.ballast.operator;

/**
 * Names one workload: ordered by namespace, name, then kind, so a sorted map of results lists a namespace's workloads
 * together and in the order status and PolicyReports show them.
 */
record WorkloadKey(String namespace, String name, String kind) implements Comparable<WorkloadKey> {
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
        // by hand, not a Comparator chain: the ledgers' sorted maps compare keys on every status and report
        int c = namespace.compareTo(other.namespace);
        if (c == 0) {
            c = name.compareTo(other.name);
        }
        return c != 0 ? c : kind.compareTo(other.kind);
    }
}
