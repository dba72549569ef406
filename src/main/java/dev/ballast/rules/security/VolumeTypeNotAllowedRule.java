package dev.ballast.rules.security;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.VolumeView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.SecuritySettings;
import java.util.List;

/** Reads the source type of every pod volume; passes when each is in allowedVolumeTypes. */
public final class VolumeTypeNotAllowedRule extends WorkloadRule<SecuritySettings> {
    public VolumeTypeNotAllowedRule() {
        super(RuleId.VOLUME_TYPE_NOT_ALLOWED, Policy::securityContext);
    }

    @Override
    public void check(Workload workload, SecuritySettings settings, ClusterContext context, Violations out) {
        List<VolumeView> volumes = workload.template().volumes();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeView v = volumes.get(i);
            if (!settings.allowedVolumeTypes().contains(v.type())) {
                out.add(null, "spec.template.spec.volumes[" + i + "]", "volume \"" + v.name() + "\" is of type "
                        + v.type() + ", which the policy does not allow");
            }
        }
    }
}
