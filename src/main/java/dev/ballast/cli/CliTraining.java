package dev.ballast.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The training run behind the CLI's class-data archive (hack/cli-archive.sh): audits a directory once in every
 * output format, so the classes a real run needs are the ones archived. Output is discarded.
 */
public final class CliTraining {
    private CliTraining() {
    }

    public static void main(String[] args) {
        String input = args.length > 0 ? args[0] : "examples";
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
        for (String format : new String[] {"table", "json", "yaml", "sarif", "junit", "markdown"}) {
            BallastCli.run(new String[] {"audit", "-f", input, "--format", format, "--fail-on", "none"},
                    new ByteArrayInputStream(new byte[0]), sink, sink, false);
        }
        BallastCli.run(new String[] {"--help"}, new ByteArrayInputStream(new byte[0]), sink, sink, false);
        System.exit(0);
    }
}
