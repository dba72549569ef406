package dev.ballast.rules.policy;

import dev.ballast.rules.apis.ApiLifecycleTable;
import dev.ballast.rules.apis.KubeVersion;

/** The {@code apis} rule group: the Kubernetes version whose served API versions objects are judged against. */
public record ApiSettings(KubeVersion targetVersion) {
    public static ApiSettings defaults() {
        return new ApiSettings(ApiLifecycleTable.BUILT_AGAINST);
    }
}
