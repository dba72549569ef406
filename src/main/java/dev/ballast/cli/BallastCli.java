package dev.ballast.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ballast} command line. {@code audit} (and {@code report}) run as plain Java with no Quarkus boot, no
 * port and no cluster; {@code ballast run} is the operator, started by the launcher from the Quarkus application.
 */
@Command(name = "ballast", mixinStandardHelpOptions = true, versionProvider = BallastCli.Version.class,
        description = "Keeps Kubernetes workloads stable: probes, memory, security context, mTLS, HPAs, GitOps.")
public final class BallastCli implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Gate.BAD_INPUT;
    }


    public static void main(String[] args) {
        int code = Gate.BAD_INPUT;
        if (args.length > 0 && "audit".equals(args[0]) && !namesPolicy(args)) {
            BaselinePolicy.startReading();
        }
        try {
            code = run(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                    System.console() != null);
        } catch (Throwable t) {
            System.err.println("ballast: internal error: " + t + " (please report this)");
        } finally {
            System.exit(code); // also ends the Kubernetes client's threads
        }
    }

    private static boolean namesPolicy(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("--policy")) {
                return true;
            }
        }
        return false;
    }

    /** Runs the CLI without exiting, so tests can drive it; returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, boolean terminal) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            out.println(new Version().getVersion()[0]); // what picocli prints, without building every command's model
            out.flush();
            return 0;
        }
        AuditCommand plain = AuditArguments.parse(args, stdin, terminal);
        if (plain != null) {
            int code;
            try {
                code = plain.run(out, err);
            } catch (Exception e) {
                code = failed(AuditCommand.NAME, e, err);
            }
            out.flush();
            err.flush();
            return code;
        }
        CommandLine cli = new CommandLine(new BallastCli());
        // picocli reads every registered command's annotations up front: a run names its subcommand first, so only
        // that one is built (the others, and `help`, are only wanted for the top-level help and its errors)
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("audit", () -> new AuditCommand(stdin, terminal));
        subcommands.put("fix", FixCommand::new);
        subcommands.put("report", ReportCommand::new);
        subcommands.put("run", RunCommand::new);
        Supplier<Object> named = args.length > 0 ? subcommands.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(named.get());
        } else {
            subcommands.values().forEach(command -> cli.addSubcommand(command.get()));
            cli.addSubcommand(new CommandLine.HelpCommand());
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .setExitCodeExceptionMapper(e -> Gate.BAD_INPUT)
                .setExecutionExceptionHandler((e, line, parsed) -> failed(line.getCommandSpec().qualifiedName(), e,
                        line.getErr()));
        // errors name the (sub)command that failed, and where its help is
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + command + " --help'.");
            return Gate.BAD_INPUT;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** What a command that threw says: an input problem as an error, anything else as a bug to report. */
    private static int failed(String command, Exception e, PrintWriter err) {
        if (e instanceof InputException) {
            err.println(command + ": error: " + e.getMessage());
        } else {
            err.println(command + ": internal error: " + e + " (please report this)");
        }
        return Gate.BAD_INPUT;
    }

    static String version() {
        String v = BallastCli.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ballast " + version()};
        }
    }
}
