package dev.ballast.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.kube.PolicyValidator;
import dev.ballast.rules.policy.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads StabilityPolicy documents strictly: unknown fields, wrong types, bad enum values, out-of-range numbers,
 * duplicate keys and policy names defined twice are errors naming the file, the line of the offending field and
 * the field, as {@code kubectl apply} would reject them.
 */
final class PolicyReader {
    private static final ObjectReader READER = new ObjectMapper()
            .readerFor(StabilityPolicy.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final InputLimits limits;
    private final TreeReader.Factories factories;
    private final Map<String, String> definedAt = new LinkedHashMap<>();
    private final List<Policy> policies = new ArrayList<>();

    PolicyReader(InputLimits limits) {
        this.limits = limits;
        this.factories = TreeReader.Factories.of(limits);
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
            Policy policy = toPolicy(bind(d), d);
            String previous = definedAt.putIfAbsent(policy.name(), file + ":" + d.line());
            if (previous != null) {
                throw InputException.at(file, d.line(), "StabilityPolicy \"" + policy.name() + "\" is defined twice (first at "
                        + previous + ")");
            }
            policies.add(policy);
        }
    }

    private static StabilityPolicy bind(Document d) {
        String file = d.file();
        try {
            return READER.readValue(d.object());
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (known: " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            throw InputException.at(file, d.lineOf(path(e)), "unknown field \"" + e.getPropertyName() + "\" in "
                    + parent(path(e)) + known);
        } catch (InvalidFormatException e) {
            String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? ", must be one of " + Arrays.stream(e.getTargetType().getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", "))
                    : ", expected " + e.getTargetType().getSimpleName();
            throw InputException.at(file, d.lineOf(path(e)), path(e) + ": invalid value \"" + e.getValue() + "\"" + allowed);
        } catch (JsonMappingException e) {
            throw InputException.at(file, d.lineOf(path(e)), (e.getPath().isEmpty() ? "" : path(e) + ": ")
                    + TreeReader.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Policy toPolicy(StabilityPolicy policy, Document d) {
        String file = d.file();
        if (policy.getMetadata() == null || policy.getMetadata().getName() == null) {
            throw InputException.at(file, d.line(), "StabilityPolicy has no metadata.name");
        }
        if (policy.getSpec() == null) {
            throw InputException.at(file, d.line(), "StabilityPolicy \"" + policy.getMetadata().getName() + "\" has no spec");
        }
        List<String> errors = PolicyValidator.validate(policy.getSpec(), "spec");
        if (!errors.isEmpty()) {
            String first = errors.get(0);
            int end = first.indexOf(':') > 0 ? first.indexOf(':') : first.indexOf(' ');
            throw InputException.at(file, d.lineOf(end > 0 ? first.substring(0, end) : ""), "StabilityPolicy \""
                    + policy.getMetadata().getName() + "\": " + String.join("; ", errors));
        }
        try {
            return PolicyMapper.map(policy, Set.of());
        } catch (ManifestException e) {
            throw InputException.at(file, d.line(), e.getMessage());
        }
    }

    private static String jsonName(Enum<?> constant) {
        try {
            var p = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(JsonProperty.class);
            return p == null ? constant.name() : p.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(document)" : sb.toString();
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "the document" : path.substring(0, dot);
    }
}
