package dev.ballast.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real etcd + kube-apiserver for a test run: attaches to a healthy plane from {@code make cluster-up}, or
 * starts one with hack/controlplane/cluster.sh and stops it when the run ends (also when tests fail).
 */
public final class ControlPlane implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private final Path root;
    private final Path kubeconfig;
    private final boolean startedHere;
    private final KubernetesClient client;

    private ControlPlane(Path root, Path kubeconfig, boolean startedHere) throws IOException {
        this.root = root;
        this.kubeconfig = kubeconfig;
        this.startedHere = startedHere;
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        config.setRequestTimeout(30_000);
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    public static ControlPlane start() {
        Path root = Path.of(System.getProperty("ballast.root", ".")).toAbsolutePath().normalize();
        try {
            boolean running = script(root, "status").code() == 0;
            if (!running) {
                Command.Result up = script(root, "up");
                if (up.code() != 0) {
                    throw new IllegalStateException("cluster.sh up failed (run `make controlplane` first?):\n" + up.err());
                }
            }
            return new ControlPlane(root, root.resolve(".controlplane/kubeconfig"), !running);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the control plane", e);
        }
    }

    private static Command.Result script(Path root, String action) {
        return Command.run(root, START_TIMEOUT, null, List.of(root.resolve("hack/controlplane/cluster.sh").toString(), action));
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path root() {
        return root;
    }

    /** Runs the kubectl built with this plane against it, from the repository root. */
    public Command.Result kubectlWithStdin(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve(".controlplane/bin/kubectl").toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return Command.run(root, Duration.ofSeconds(90), stdin, command);
    }

    public Command.Result kubectl(String... args) {
        return kubectlWithStdin(null, args);
    }

    /**
     * Applies crds/ and the given CRD files (paths from the repository root), then waits until every CRD in them is
     * Established; fails the test with kubectl's output, which names the file or CRD at fault, otherwise.
     */
    public void installCrds(String... moreFiles) {
        List<String> files = new ArrayList<>(List.of("-f", "crds/"));
        for (String file : moreFiles) {
            files.add("-f");
            files.add(file);
        }
        Command.ok(kubectl(Stream.concat(Stream.of("apply"), files.stream()).toArray(String[]::new)));
        Command.ok(kubectl(Stream.concat(Stream.of("wait", "--for=condition=Established", "--timeout=60s"), files.stream())
                .toArray(String[]::new)));
    }

    @Override
    public void close() {
        client.close();
        if (startedHere) {
            script(root, "down");
        }
    }

    /** A bounded external process. */
    public static final class Command {
        public record Result(int code, String out, String err) {
            public String all() {
                return out + err;
            }
        }

        /** The result of a command that must succeed; fails the test with its output otherwise. */
        public static Result ok(Result r) {
            org.assertj.core.api.Assertions.assertThat(r.code()).as(r.all()).isZero();
            return r;
        }

        static Result run(Path dir, Duration timeout, String stdin, List<String> command) {
            try {
                Path out = Files.createTempFile("cmd", ".out");
                Path err = Files.createTempFile("cmd", ".err");
                try {
                    Process p = new ProcessBuilder(command).directory(dir.toFile())
                            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                    try (var in = p.getOutputStream()) {
                        if (stdin != null) {
                            in.write(stdin.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException("timed out after " + timeout + ": " + command);
                    }
                    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
                } finally {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
