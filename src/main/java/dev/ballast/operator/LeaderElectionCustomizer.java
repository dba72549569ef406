package dev.ballast.operator;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** Turns on leader election (a Lease in Ballast's namespace) when configured, so two replicas are safe. */
@Singleton
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {
    private final BallastConfig config;
    private final Leadership leadership;

    public LeaderElectionCustomizer(BallastConfig config, Leadership leadership) {
        this.config = config;
        this.leadership = leadership;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            if (config.leaderElection().enabled()) {
                overrider.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(config.leaderElection().leaseName())
                        .withLeaseNamespace(config.namespace()).withLeaderCallbacks(leadership.callbacks()).build());
            }
        };
    }
}
