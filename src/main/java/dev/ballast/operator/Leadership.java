package dev.ballast.operator;

import dev.ballast.config.ControllerConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import jakarta.enterprise.context.ApplicationScoped;

/** Whether this replica reconciles (leads, or leader election is off) and who leads otherwise: for the report. */
@ApplicationScoped
public class Leadership {
    private volatile boolean leading;
    private volatile String leader;

    public Leadership(ControllerConfig config) {
        this.leading = !config.leaderElection().enabled();
    }

    LeaderCallbacks callbacks() {
        return new LeaderCallbacks(() -> leading = true, () -> leading = false, identity -> leader = identity);
    }

    public boolean leading() {
        return leading;
    }

    /** The current leader's identity (its pod name in-cluster), or null before the first election is observed. */
    public String leader() {
        return leader;
    }
}
