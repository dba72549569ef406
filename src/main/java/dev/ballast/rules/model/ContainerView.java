package dev.ballast.rules.model;

/**
 * One container of a pod template; {@code image} as written (null when unset). Probes are null when absent; memory and
 * CPU quantities and {@code terminationMessagePolicy} are the raw strings from the manifest (null when unset).
 * {@code index} is the position within its role's list, for field paths.
 */
public record ContainerView(String name, Role role, int index, String image, Probe readiness, Probe liveness, Probe startup,
                            String memoryRequest, String memoryLimit, String cpuRequest,
                            ContainerSecurity security, String terminationMessagePolicy) {

    /** A container whose terminationMessagePolicy is unset. */
    public ContainerView(String name, Role role, int index, String image, Probe readiness, Probe liveness, Probe startup,
                         String memoryRequest, String memoryLimit, String cpuRequest, ContainerSecurity security) {
        this(name, role, index, image, readiness, liveness, startup, memoryRequest, memoryLimit, cpuRequest, security, null);
    }

    public enum Role {
        MAIN("containers"), INIT("initContainers"), EPHEMERAL("ephemeralContainers");

        private final String field;

        Role(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The field path of this container inside the workload, e.g. {@code spec.template.spec.containers[0]}. */
    public String path() {
        return "spec.template.spec." + role.field() + "[" + index + "]";
    }
}
