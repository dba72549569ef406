package dev.ballast.rules.availability;

import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.PodDisruptionBudgetView;

/** Whether a PodDisruptionBudget allows no voluntary disruption by construction. */
final class Disruptions {
    private Disruptions() {
    }

    /**
     * Reports the PDB when maxUnavailable is 0 or 0%, minAvailable is 100%, or (when {@code replicas} is known) an
     * integer minAvailable is at least the replicas.
     */
    static void reportBlocking(PodDisruptionBudgetView pdb, Integer replicas, String prefix, Violations out) {
        String max = trim(pdb.maxUnavailable());
        String min = trim(pdb.minAvailable());
        String name = PodDisruptionBudgetView.KIND + " \"" + pdb.name() + "\"";
        if ("0".equals(max) || "0%".equals(max)) {
            out.add(null, prefix + "spec.maxUnavailable", name + " sets maxUnavailable " + max
                    + ": no pod may ever be evicted, so node drains block");
        } else if ("100%".equals(min)) {
            out.add(null, prefix + "spec.minAvailable", name + " sets minAvailable 100%: no pod may ever be evicted, "
                    + "so node drains block");
        } else if (replicas != null && min != null && min.matches("[0-9]{1,9}") && Integer.parseInt(min) >= replicas) {
            out.add(null, prefix + "spec.minAvailable", name + " sets minAvailable " + min + " with " + replicas
                    + " replicas: no pod may be evicted, so node drains block");
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
