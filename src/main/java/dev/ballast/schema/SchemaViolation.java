package dev.ballast.schema;

/** One way a manifest breaks its schema: the field path ({@code spec.replicas}, {@code spec.ports[0]}) and what is wrong. */
public record SchemaViolation(String field, String problem) {
    /** As kubectl words it: {@code spec.template.spec.containers[0].readinessProbe.timeoutSecond: unknown field}. */
    public String message() {
        return (field.isEmpty() ? "(document)" : field) + ": " + problem;
    }
}
