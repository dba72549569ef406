package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ballast.rules.catalog.RuleId;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

public record StabilityExceptionSpec(
        @JsonPropertyDescription("Names of the StabilityPolicies this exception applies to; each must set "
                + "allowExceptions: true. Omitted: every such policy.")
        List<String> policies,
        @JsonPropertyDescription("Rule IDs exempted. Omitted: every rule.")
        List<RuleId> rules,
        @JsonPropertyDescription("Names of the objects exempted in this namespace; * and ? globs allowed. Omitted: every "
                + "object in the namespace.")
        List<String> workloads,
        @JsonPropertyDescription("Why: shown with every skipped result.")
        @Required @Size(min = 1)
        String reason,
        @JsonPropertyDescription("When the exception stops applying, as an RFC 3339 time (e.g. 2026-12-31T23:59:59Z).")
        @Required @Pattern(StabilityExceptionSpec.RFC_3339)
        String expires) {
    /** An RFC 3339 date-time: date, T, time with optional fraction, Z or an offset. */
    public static final String RFC_3339 =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";
}
