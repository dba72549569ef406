package dev.ballast.operator;

import dev.ballast.config.BallastConfig;
import dev.ballast.config.ControllerConfig;
import dev.ballast.config.ReportFormat;
import dev.ballast.config.Role;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Starts the operator (reconciler, its informers, leader election) only when {@code ballast.role} includes the
 * controller; QOSDK's own start is off ({@code quarkus.operator-sdk.start-operator=false}). An unknown role (or, for the
 * controller, report format) ends start-up with one line naming the setting, before anything else starts.
 */
@ApplicationScoped
public class OperatorLifecycle {
    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);
    static final int BAD_SETTING = 2;
    private final BallastConfig config;
    private final ControllerConfig controllerConfig;
    private final Instance<Operator> operator;
    private volatile Operator started;

    public OperatorLifecycle(BallastConfig config, ControllerConfig controllerConfig, Instance<Operator> operator) {
        this.config = config;
        this.controllerConfig = controllerConfig;
        this.operator = operator;
    }

    void start(@Observes @Priority(1) StartupEvent event) {
        Role role;
        try {
            role = Role.of(config);
            if (role.runsController()) {
                ReportFormat.of(controllerConfig);
            }
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            System.out.flush();
            System.err.flush();
            // halt, not exit: nothing has started yet, and a graceful shutdown would first open the HTTP port,
            // where a client connecting during the shutdown makes Netty log a stack trace after the one line
            Runtime.getRuntime().halt(BAD_SETTING);
            return;
        }
        LOG.infof("role: %s", role.name().toLowerCase(Locale.ROOT));
        if (!role.runsController()) {
            return;
        }
        Operator created = operator.get();
        created.start();
        started = created;
    }

    void stop(@Observes ShutdownEvent event) {
        Operator running = started;
        if (running != null) {
            running.stop();
        }
    }

    /** Whether the controller part is up; true when this process does not run it. */
    public boolean ready() {
        Operator running = started;
        if (running == null) {
            return Role.known(config).map(r -> !r.runsController()).orElse(false);
        }
        var info = running.getRuntimeInfo();
        return info.isStarted() && info.getRegisteredControllers().stream()
                .allMatch(c -> c.getControllerHealthInfo().unhealthyEventSources().isEmpty());
    }
}
