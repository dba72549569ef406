package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ballast.rules.catalog.RuleId;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@ValidationRule(value = "has(self.namespaces) || has(self.names) || has(self.rules)",
        message = "an exemption must name at least one of namespaces, names or rules")
public record ExemptionSpec(
        @JsonPropertyDescription("Namespaces the exemption covers. Omitted: every namespace.")
        List<String> namespaces,
        @JsonPropertyDescription("Workload names the exemption covers; * and ? globs allowed. Omitted: every name.")
        List<String> names,
        @JsonPropertyDescription("Rule IDs the exemption covers. Omitted: every rule.")
        List<RuleId> rules,
        @JsonPropertyDescription("Why: shown with every skipped result.")
        @Required @Size(min = 1)
        String reason) {
}
