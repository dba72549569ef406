package dev.ballast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The controller role's settings: what policy status and PolicyReports hold, and leader election. */
@ConfigMapping(prefix = "ballast")
public interface ControllerConfig {
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

    Reports reports();

    interface Reports {
        /** wgpolicyk8s, openreports or both; read through {@link ReportFormat#of(ControllerConfig)}. */
        @WithDefault("wgpolicyk8s")
        String format();
    }

    interface LeaderElection {
        /** On in-cluster (two replicas are safe); off for local runs. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("ballast-operator")
        String leaseName();
    }
}
