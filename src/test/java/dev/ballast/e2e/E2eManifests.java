package dev.ballast.e2e;

/** Manifests the end-to-end tests apply, written once. */
final class E2eManifests {
    private E2eManifests() {
    }

    /**
     * A Deployment whose pods are labelled, and selected by, {@code app: <name>}. {@code podSpec} is the YAML under
     * {@code spec.template.spec}, at any indentation.
     */
    static String deployment(String namespace, String name, String podSpec) {
        return deployment(namespace, name, "", podSpec);
    }

    /** As above; {@code metadata} adds entries to the Deployment's flow-style metadata, e.g. {@code labels: {app: x}}. */
    static String deployment(String namespace, String name, String metadata, String podSpec) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s%s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                %s""".formatted(name, namespace, metadata.isEmpty() ? "" : ", " + metadata, name, name,
                podSpec.stripIndent().indent(6));
    }

    /**
     * Pod spec lines: one container {@code app} (image example/app:1) with an HTTP readiness probe of
     * {@code timeoutSeconds} and failureThreshold 5, then {@code more} lines of that container.
     */
    static String probedContainer(int timeoutSeconds, String... more) {
        StringBuilder spec = new StringBuilder("""
                containers:
                - name: app
                  image: example/app:1
                  readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: %d, failureThreshold: 5}
                """.formatted(timeoutSeconds));
        for (String line : more) {
            spec.append("  ").append(line).append('\n');
        }
        return spec.toString();
    }

    /** Istio's namespace-wide PeerAuthentication {@code default} with the given mTLS mode. */
    static String peerAuthentication(String namespace, String mode) {
        return """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: default, namespace: %s}
                spec: {mtls: {mode: %s}}
                """.formatted(namespace, mode);
    }
}
