package dev.ballast.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ViolationEntry(String namespace, String kind, String name, String rule, String severity,
                             String container, String message) {
}
