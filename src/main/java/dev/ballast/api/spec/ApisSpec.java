package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ballast.rules.apis.ApiLifecycleTable;
import dev.ballast.rules.apis.KubeVersion;
import io.fabric8.generator.annotation.Pattern;

public record ApisSpec(
        @JsonPropertyDescription("Kubernetes version (MAJOR.MINOR, e.g. \"1.34\") whose served API versions objects "
                + "are judged against (api-deprecated): an apiVersion removed by then fails with severity high, one "
                + "deprecated but still served with medium. Default: " + ApiLifecycleTable.BUILT_AGAINST_VERSION
                + ", the version Ballast is built against.")
        @Pattern(KubeVersion.PATTERN)
        String targetVersion) {
}
