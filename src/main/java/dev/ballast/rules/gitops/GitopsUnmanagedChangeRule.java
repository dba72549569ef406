package dev.ballast.rules.gitops;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.policy.GitopsSettings;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads who last wrote a ConfigMap or Secret (newest managedFields entry, or the admission request's field manager);
 * passes when that manager is in allowedManagers. Not applicable when the writer is unknown (plain manifests).
 */
public final class GitopsUnmanagedChangeRule {
    public RuleId id() {
        return RuleId.GITOPS_UNMANAGED_CHANGE;
    }

    public boolean applies(ConfigObject object) {
        return object.lastManager() != null;
    }

    public Optional<Finding> check(ConfigObject object, GitopsSettings settings) {
        if (settings.allowedManagers().contains(object.lastManager())) {
            return Optional.empty();
        }
        return Optional.of(new Finding(null, "metadata.managedFields", object.kind() + " \"" + object.name()
                + "\" was last written by \"" + object.lastManager() + "\", not by a GitOps manager ("
                + String.join(", ", new TreeSet<>(settings.allowedManagers())) + ")"));
    }

}
