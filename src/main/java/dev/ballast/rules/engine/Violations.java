package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.model.ContainerView;
import java.util.ArrayList;
import java.util.List;

/** Collects a rule's findings for one object; confined to the evaluating thread. Allocates only on a failure. */
public final class Violations {
    private List<Finding> findings;
    private Severity severity;

    /** Judges this result more or less severe than the rule's default (null: the default). */
    public void severity(Severity judged) {
        this.severity = judged;
    }

    public void add(String container, String field, String message) {
        if (findings == null) {
            findings = new ArrayList<>(2);
        }
        findings.add(new Finding(container, field, message));
    }

    /**
     * A finding on one container: {@code field} is relative to the container ({@code readinessProbe.timeoutSeconds}),
     * and the message is {@code container "NAME"} followed by {@code problem} (e.g. {@code " has no livenessProbe"}).
     */
    public void container(ContainerView c, String field, String problem) {
        add(c.name(), c.path() + "." + field, "container \"" + c.name() + "\"" + problem);
    }

    boolean isEmpty() {
        return findings == null;
    }

    /** The severity judged for the findings since the last {@link #drain()}; null: the rule's default. */
    Severity severity() {
        return severity;
    }

    List<Finding> drain() {
        List<Finding> result = findings == null ? List.of() : findings;
        findings = null;
        severity = null;
        return result;
    }
}
