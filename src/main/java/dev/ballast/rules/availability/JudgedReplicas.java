package dev.ballast.rules.availability;

import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.Workload;
import java.util.List;

/**
 * The replicas the availability rules judge: the smallest minReplicas (default 1) of the HPAs targeting the
 * workload, else its spec.replicas (default 1); {@code source} names where the number was read.
 */
record JudgedReplicas(int count, String field, String source) {
    /** Kubernetes' default for spec.replicas and an HPA's minReplicas. */
    static final int DEFAULT = 1;

    static JudgedReplicas of(Workload workload, ClusterContext context) {
        List<HpaView> hpas = context.hpasTargeting(workload);
        JudgedReplicas judged = null;
        for (HpaView hpa : hpas) {
            int min = hpa.minReplicas() == null ? DEFAULT : hpa.minReplicas();
            if (judged == null || min < judged.count) {
                judged = new JudgedReplicas(min, HpaView.KIND + "/" + hpa.name() + " spec.minReplicas", HpaView.KIND
                        + " \"" + hpa.name() + "\" minReplicas is " + min + (hpa.minReplicas() == null ? " (default)" : ""));
            }
        }
        if (judged != null) {
            return judged;
        }
        int replicas = workload.replicas() == null ? DEFAULT : workload.replicas();
        return new JudgedReplicas(replicas, "spec.replicas", "spec.replicas is " + replicas
                + (workload.replicas() == null ? " (default)" : ""));
    }

    /** Availability rules judge Deployments and StatefulSets; a DaemonSet runs one pod per node by design. */
    static boolean judged(Workload workload) {
        return "Deployment".equals(workload.kind()) || "StatefulSet".equals(workload.kind());
    }
}
