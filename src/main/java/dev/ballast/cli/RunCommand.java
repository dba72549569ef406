package dev.ballast.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ballast run}: the operator. The launcher (bin/ballast, the image) starts it from the Quarkus application;
 * this command exists so that {@code ballast run --help} and {@code ballast help run} describe it.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = BallastCli.Version.class,
        description = "Runs the operator: reconciles StabilityPolicies, serves metrics, health, the report and the "
                + "admission webhook. Takes no arguments; configure it with environment variables or "
                + "application.properties (see the README's settings table), e.g. BALLAST_WEBHOOK_ENABLED=false.",
        footer = {"", "Started by bin/ballast run (or the container image) from the Quarkus application; "
                + "JVM options: BALLAST_JAVA_OPTS."})
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new InputException("the operator starts from the Quarkus application: use bin/ballast run (or java -jar "
                + "target/quarkus-app/quarkus-run.jar)");
    }
}
