package dev.ballast.operator;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** Turns on leader election (a Lease in Ballast's namespace) when configured, so two replicas are safe. */
@Singleton
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {
    private final BallastConfig config;

    public LeaderElectionCustomizer(BallastConfig config) {
        this.config = config;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            if (config.leaderElection().enabled()) {
                overrider.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(config.leaderElection().leaseName(), config.namespace()));
            }
        };
    }
}
