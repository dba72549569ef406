package dev.ballast.rules.catalog;

/** Rule groups, named as the keys under {@code spec.rules} of a StabilityPolicy. */
public enum Group {
    PROBES("probes"),
    RESOURCES("resources"),
    SECURITY_CONTEXT("securityContext"),
    MTLS("mtls"),
    AUTOSCALING("autoscaling"),
    GITOPS("gitops"),
    AVAILABILITY("availability"),
    IMAGES("images"),
    RUNTIME("runtime"),
    APIS("apis");

    private final String id;

    Group(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
