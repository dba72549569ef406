package dev.ballast.rules.engine;

import java.util.ArrayList;
import java.util.List;

/** Collects a rule's findings for one object; confined to the evaluating thread. Allocates only on a failure. */
public final class Violations {
    private List<Finding> findings;

    public void add(String container, String field, String message) {
        if (findings == null) {
            findings = new ArrayList<>(2);
        }
        findings.add(new Finding(container, field, message));
    }

    boolean isEmpty() {
        return findings == null;
    }

    List<Finding> drain() {
        List<Finding> result = findings == null ? List.of() : findings;
        findings = null;
        return result;
    }
}
