package dev.ballast.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.mapping.ManifestException;
import dev.ballast.api.mapping.PolicyMapper;
import dev.ballast.api.mapping.PolicyValidator;
import dev.ballast.rules.policy.Policy;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads StabilityPolicy documents strictly: unknown fields, wrong types, bad enum values and out-of-range numbers
 * are errors naming the file, line and field, as {@code kubectl apply} would reject them.
 */
final class PolicyReader {
    private static final ObjectReader READER = new ObjectMapper(new YAMLFactory())
            .readerFor(StabilityPolicy.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private PolicyReader() {
    }

    static List<Policy> read(String file, Reader reader) throws IOException {
        String text = new java.io.BufferedReader(reader).lines().collect(Collectors.joining("\n", "", "\n"));
        // First pass: what each document claims to be, so a Deployment given as a policy is named as such.
        List<Document> documents = new ArrayList<>();
        ManifestReader.parse(file, new java.io.StringReader(text), new ObjectMapper(new YAMLFactory()), documents);
        for (Document d : documents) {
            String apiVersion = d.object().path("apiVersion").asText("");
            if (!"StabilityPolicy".equals(d.kind()) || !StabilityPolicy.API_VERSION.equals(apiVersion)) {
                throw InputException.at(file, d.line(), "expected apiVersion " + StabilityPolicy.API_VERSION
                        + ", kind StabilityPolicy; found " + apiVersion + ", " + d.kind());
            }
        }
        List<Policy> policies = new ArrayList<>();
        try (JsonParser parser = READER.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                StabilityPolicy policy = READER.readValue(parser);
                if (policy == null) {
                    continue;
                }
                policies.add(toPolicy(policy, file, line));
            }
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (known: " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            throw InputException.at(file, lineOfKey(text, e.getPropertyName(), line(e)), "unknown field \""
                    + e.getPropertyName() + "\" in "
                    + parent(path(e)) + known);
        } catch (InvalidFormatException e) {
            String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? ", must be one of " + Arrays.stream(e.getTargetType().getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", "))
                    : ", expected " + e.getTargetType().getSimpleName();
            throw InputException.at(file, line(e), path(e) + ": invalid value \"" + e.getValue() + "\"" + allowed);
        } catch (JsonMappingException e) {
            throw InputException.at(file, line(e), (e.getPath().isEmpty() ? "" : path(e) + ": ")
                    + ManifestReader.firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw InputException.at(file, line(e), "not valid YAML: " + ManifestReader.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        if (policies.isEmpty()) {
            throw new InputException(file + ": contains no StabilityPolicy");
        }
        return policies;
    }

    /** Jackson may report the line after an unknown key's value; point at the key itself. */
    private static int lineOfKey(String text, String key, int reported) {
        String[] lines = text.split("\n", -1);
        java.util.regex.Pattern keyPattern = java.util.regex.Pattern.compile("(^|[\\s{,-])\"?"
                + java.util.regex.Pattern.quote(key) + "\"?\\s*:");
        for (int i = Math.min(reported, lines.length) - 1; i >= 0; i--) {
            if (keyPattern.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return reported;
    }

    private static Policy toPolicy(StabilityPolicy policy, String file, int line) {
        if (policy.getMetadata() == null || policy.getMetadata().getName() == null) {
            throw InputException.at(file, line, "StabilityPolicy has no metadata.name");
        }
        if (policy.getSpec() == null) {
            throw InputException.at(file, line, "StabilityPolicy \"" + policy.getMetadata().getName() + "\" has no spec");
        }
        List<String> errors = PolicyValidator.validate(policy.getSpec(), "spec");
        if (!errors.isEmpty()) {
            throw InputException.at(file, line, "StabilityPolicy \"" + policy.getMetadata().getName() + "\": "
                    + String.join("; ", errors));
        }
        try {
            return PolicyMapper.map(policy, Set.of());
        } catch (ManifestException e) {
            throw InputException.at(file, line, e.getMessage());
        }
    }

    private static String jsonName(Enum<?> constant) {
        try {
            var p = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return p == null ? constant.name() : p.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
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
