package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

public record ApisSpec(
        @JsonPropertyDescription("Kubernetes version objects are judged against, e.g. \"1.34\" (api-deprecated). "
                + "Default: the version Ballast is built against.")
        @Pattern("^v?[0-9]{1,3}[.][0-9]{1,3}$")
        String targetVersion) {
}
