package dev.ballast.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives an end-to-end test class the shared control plane (started once per run) and a namespace of its own,
 * deleted after the class. Register with {@code @RegisterExtension static final ControlPlaneExtension cluster}.
 */
public final class ControlPlaneExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);
    private ControlPlane plane;
    private String namespace;

    @Override
    public void beforeAll(ExtensionContext context) {
        plane = context.getRoot().getStore(STORE).getOrComputeIfAbsent("plane", k -> ControlPlane.start(), ControlPlane.class);
        String base = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        namespace = base + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        plane.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (plane != null && namespace != null) {
            plane.client().namespaces().withName(namespace).delete();
        }
    }

    public ControlPlane plane() {
        return plane;
    }

    public KubernetesClient client() {
        return plane.client();
    }

    public String namespace() {
        return namespace;
    }

    public ControlPlane.Command.Result kubectl(String... args) {
        return plane.kubectl(args);
    }

    /** See {@link ControlPlane#installCrds}. */
    public void installCrds(String... moreFiles) {
        plane.installCrds(moreFiles);
    }

    public ControlPlane.Command.Result kubectlWithStdin(String stdin, String... args) {
        return plane.kubectlWithStdin(stdin, args);
    }
}
