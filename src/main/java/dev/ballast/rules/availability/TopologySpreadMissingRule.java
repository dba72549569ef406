package dev.ballast.rules.availability;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.AvailabilitySettings;
import java.util.Set;

/**
 * Reads the topologyKey of the pod template's topologySpreadConstraints and pod anti-affinity terms (required or
 * preferred); passes when one is kubernetes.io/hostname or topology.kubernetes.io/zone, or when the judged replicas
 * are fewer than 2. On only when availability.requireSpread is true.
 */
public final class TopologySpreadMissingRule extends AvailabilityRule {
    static final Set<String> SPREAD_KEYS = Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone");

    public TopologySpreadMissingRule() {
        super(RuleId.TOPOLOGY_SPREAD_MISSING, AvailabilitySettings::requireSpread);
    }

    @Override
    public void check(Workload workload, AvailabilitySettings settings, ClusterContext context, Violations out) {
        JudgedReplicas replicas = JudgedReplicas.of(workload, context);
        if (replicas.count() >= 2 && workload.template().spreadTopologyKeys().stream().noneMatch(SPREAD_KEYS::contains)) {
            out.add(null, "spec.template.spec.topologySpreadConstraints", replicas.count() + " replicas with no "
                    + "topologySpreadConstraints or pod anti-affinity on kubernetes.io/hostname or "
                    + "topology.kubernetes.io/zone: they may all land on one node");
        }
    }
}
