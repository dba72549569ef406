package dev.ballast.rules.gitops;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.GroupRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.policy.GitopsSettings;
import dev.ballast.rules.policy.Policy;
import java.util.TreeSet;

/**
 * Reads who last wrote a ConfigMap or Secret (newest managedFields entry, or the admission request's field manager);
 * passes when that manager is in allowedManagers. Not applicable when the writer is unknown (plain manifests).
 */
public final class GitopsUnmanagedChangeRule extends GroupRule<ConfigObject, GitopsSettings> {
    public GitopsUnmanagedChangeRule() {
        super(RuleId.GITOPS_UNMANAGED_CHANGE, ConfigObject.class, Policy::gitops);
    }

    @Override
    public boolean appliesTo(ConfigObject object, ClusterContext context) {
        return object.lastManager() != null;
    }

    @Override
    public void check(ConfigObject object, GitopsSettings settings, ClusterContext context, Violations out) {
        if (!settings.allowedManagers().contains(object.lastManager())) {
            out.add(null, "metadata.managedFields", object.kind() + " \"" + object.name() + "\" was last written by \""
                    + object.lastManager() + "\", not by a GitOps manager ("
                    + String.join(", ", new TreeSet<>(settings.allowedManagers())) + ")");
        }
    }
}
