package dev.ballast.rules.model;

/**
 * A probe. {@code handler} is httpGet, tcpSocket, exec or grpc (null if none); {@code httpPath} only for httpGet
 * (null when unset); timeout and threshold are null when unset, so the rules apply Kubernetes' defaults.
 */
public record Probe(String handler, String httpPath, Integer timeoutSeconds, Integer failureThreshold) {
    public static final String HTTP_GET = "httpGet";
}
