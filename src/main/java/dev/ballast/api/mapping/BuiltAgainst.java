package dev.ballast.api.mapping;

import dev.ballast.rules.policy.KubeVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes version Ballast is built against: the {@code k8s.io/kubernetes} version that the local control plane
 * pins in {@code hack/controlplane/kube/go.mod}, which the build copies next to this class. One source, no second
 * number to keep in step.
 */
public final class BuiltAgainst {
    static final String GO_MOD = "go.mod";
    private static final Pattern KUBERNETES_LINE = Pattern.compile("(?m)^\\s*k8s\\.io/kubernetes\\s+(v[0-9.]+)");

    public static final KubeVersion KUBERNETES = read();

    private BuiltAgainst() {
    }

    private static KubeVersion read() {
        try (InputStream in = BuiltAgainst.class.getResourceAsStream(GO_MOD)) {
            if (in == null) {
                throw new IllegalStateException(GO_MOD + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KubeVersion parse(String goMod) {
        Matcher m = KUBERNETES_LINE.matcher(goMod);
        if (!m.find()) {
            throw new IllegalStateException(GO_MOD + " names no k8s.io/kubernetes version");
        }
        return KubeVersion.parse(m.group(1)).orElseThrow();
    }
}
