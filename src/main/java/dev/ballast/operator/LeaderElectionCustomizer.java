package dev.ballast.operator;

import dev.ballast.config.BallastConfig;
import dev.ballast.config.ControllerConfig;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** Turns on leader election (a Lease in Ballast's namespace) when configured, so two replicas are safe. */
@Singleton
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {
    private final BallastConfig ballast;
    private final ControllerConfig config;
    private final Leadership leadership;

    public LeaderElectionCustomizer(BallastConfig ballast, ControllerConfig config, Leadership leadership) {
        this.ballast = ballast;
        this.config = config;
        this.leadership = leadership;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            if (config.leaderElection().enabled()) {
                overrider.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(config.leaderElection().leaseName())
                        .withLeaseNamespace(ballast.namespace()).withLeaderCallbacks(leadership.callbacks()).build());
            }
        };
    }
}
