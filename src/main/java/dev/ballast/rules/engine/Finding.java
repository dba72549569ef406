package dev.ballast.rules.engine;

/**
 * One problem a rule found, or the reason a rule was skipped. {@code container} is null for pod- or object-level
 * findings; {@code field} is the path to fix, e.g. {@code spec.template.spec.containers[0].readinessProbe}.
 */
public record Finding(String container, String field, String message) {
}
