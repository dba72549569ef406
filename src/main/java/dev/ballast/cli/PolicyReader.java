package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.spec.StabilityPolicySpec;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.kube.PolicyValidator;
import dev.ballast.rules.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads StabilityPolicy documents strictly: unknown fields, wrong types, bad enum values, out-of-range numbers,
 * duplicate keys and policy names defined twice are errors naming the file, the line of the offending field and
 * the field, as {@code kubectl apply} would reject them.
 */
final class PolicyReader {
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private final InputLimits limits;
    private final TreeReader.Factories factories;
    private final boolean validate;
    private final Map<String, String> definedAt = new LinkedHashMap<>();
    private final List<Policy> policies = new ArrayList<>();

    PolicyReader(InputLimits limits) {
        this(limits, true);
    }

    /**
     * {@code validate} false only for Ballast's own baseline ({@code BaselinePolicyTest} validates it): reading the
     * constraint annotations costs a cold CLI about 40 ms of reflection (annotation proxies, accessor classes).
     */
    PolicyReader(InputLimits limits, boolean validate) {
        this.limits = limits;
        this.factories = TreeReader.Factories.of(limits);
        this.validate = validate;
    }

    List<Policy> policies() {
        return List.copyOf(policies);
    }

    /** Reads every policy in one file's text; a file with none is an error. */
    void read(String file, String text) {
        List<Document> documents = TreeReader.read(file, text, file.endsWith(".json"), factories, limits, true);
        if (documents.isEmpty()) {
            throw new InputException(file + ": contains no StabilityPolicy");
        }
        for (Document d : documents) {
            String apiVersion = d.object().path("apiVersion").asText("");
            if (!"StabilityPolicy".equals(d.kind()) || !StabilityPolicy.API_VERSION.equals(apiVersion)) {
                throw InputException.at(file, d.line(), "expected apiVersion " + StabilityPolicy.API_VERSION
                        + ", kind StabilityPolicy; found " + apiVersion + ", " + d.kind());
            }
            Policy policy = toPolicy(d);
            String previous = definedAt.putIfAbsent(policy.name(), file + ":" + d.line());
            if (previous != null) {
                throw InputException.at(file, d.line(), "StabilityPolicy \"" + policy.name() + "\" is defined twice (first at "
                        + previous + ")");
            }
            policies.add(policy);
        }
    }

    /** The policy a document describes: its spec bound by {@link SpecBinder}, validated, and mapped. */
    private Policy toPolicy(Document d) {
        String file = d.file();
        try {
            SpecBinder.checkFields(d.object(), TOP_LEVEL, "");
            String name = name(d.object().get("metadata"));
            if (name == null) {
                throw InputException.at(file, d.line(), "StabilityPolicy has no metadata.name");
            }
            StabilityPolicySpec spec = SpecBinder.bind(d.object().get("spec"), StabilityPolicySpec.class, "spec");
            if (spec == null) {
                throw InputException.at(file, d.line(), "StabilityPolicy \"" + name + "\" has no spec");
            }
            List<String> errors = validate ? PolicyValidator.validate(spec, "spec") : List.of();
            if (!errors.isEmpty()) {
                String first = errors.get(0);
                int end = first.indexOf(':') > 0 ? first.indexOf(':') : first.indexOf(' ');
                throw InputException.at(file, d.lineOf(end > 0 ? first.substring(0, end) : ""), "StabilityPolicy \""
                        + name + "\": " + String.join("; ", errors));
            }
            return PolicyMapper.map(name, spec, Set.of());
        } catch (SpecBinder.Invalid e) {
            throw InputException.at(file, d.lineOf(e.path), e.getMessage());
        } catch (ManifestException e) {
            throw InputException.at(file, d.line(), e.getMessage());
        }
    }

    private static String name(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw new SpecBinder.Invalid("metadata", "metadata: expected a mapping");
        }
        JsonNode name = metadata.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw new SpecBinder.Invalid("metadata.name", "metadata.name: invalid value " + name + ", expected a string");
        }
        return name == null || name.isNull() ? null : name.asText();
    }
}
