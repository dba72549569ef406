package dev.ballast.kube;

import static dev.ballast.kube.NodeReader.object;
import static dev.ballast.kube.NodeReader.strings;
import static dev.ballast.kube.NodeReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.model.StabilityExceptionView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a StabilityException (ballast.dev/v1alpha1) from JSON, checking what the CRD schema checks: a reason, an
 * RFC 3339 {@code expires}, known rule IDs. Errors name the field.
 */
public final class ExceptionMapper {
    private ExceptionMapper() {
    }

    public static StabilityExceptionView map(JsonNode object) {
        JsonNode spec = object(object, "spec", "");
        if (spec == null) {
            throw new ManifestException("spec is required");
        }
        String reason = text(spec, "reason", "spec");
        if (reason == null || reason.isBlank()) {
            throw new ManifestException("spec.reason is required: say why the exception is granted");
        }
        List<String> ruleIds = strings(spec, "rules", "spec");
        Set<RuleId> rules = EnumSet.noneOf(RuleId.class);
        for (int i = 0; i < ruleIds.size(); i++) {
            String id = ruleIds.get(i);
            int index = i;
            rules.add(RuleId.fromId(id).orElseThrow(() -> new ManifestException("spec.rules[" + index + "]: unknown rule \""
                    + id + "\"")));
        }
        return new StabilityExceptionView(ContextMapper.namespaceOf(object), ContextMapper.nameOf(object),
                Set.copyOf(strings(spec, "policies", "spec")), rules, strings(spec, "workloads", "spec"), reason,
                expires(text(spec, "expires", "spec")));
    }

    static Instant expires(String text) {
        if (text == null || text.isBlank()) {
            throw new ManifestException("spec.expires is required: an RFC 3339 time such as 2026-12-31T23:59:59Z");
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ManifestException("spec.expires \"" + text + "\" is not an RFC 3339 time such as 2026-12-31T23:59:59Z");
        }
    }
}
