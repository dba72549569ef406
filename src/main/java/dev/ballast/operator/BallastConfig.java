package dev.ballast.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator settings ({@code ballast.*} in application.properties, or BALLAST_* environment variables). */
@ConfigMapping(prefix = "ballast")
public interface BallastConfig {
    /** Ballast's own namespace: never evaluated, holds the leader-election Lease and the webhook's TLS Secret. */
    @WithDefault("ballast-system")
    String namespace();

    /** How many violations a policy's status lists (most severe first); PolicyReports hold all results. */
    @WithDefault("50")
    int statusViolations();

    /** How many recent HPA remediations a policy's status lists. */
    @WithDefault("10")
    int statusRemediations();

    /** Results per PolicyReport at most, so a report stays far below etcd's 1.5 MiB object limit. */
    @WithDefault("500")
    int policyReportMaxResults();

    LeaderElection leaderElection();

    interface LeaderElection {
        /** On in-cluster (two replicas are safe); off for local runs. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("ballast-operator")
        String leaseName();
    }
}
