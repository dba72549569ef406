package dev.ballast.api.spec;

/** The workload kinds a policy can select. */
public enum WorkloadKind {
    Deployment, StatefulSet, DaemonSet
}
