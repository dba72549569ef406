package dev.ballast.rules.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** PolicyReport severity scale, most severe first (declaration order is the severity order). */
public enum Severity {
    @JsonProperty("critical") CRITICAL,
    @JsonProperty("high") HIGH,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("low") LOW;

    /** Orders severities most severe first. */
    public static final Comparator<Severity> MOST_SEVERE_FIRST = Comparator.naturalOrder();

    private static final Map<String, Severity> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Severity::id, Function.identity()));

    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
        return id;
    }

    /** The severity whose {@link #id()} is {@code id}, e.g. {@code high}. */
    public static Severity ofId(String id) {
        Severity severity = BY_ID.get(id);
        if (severity == null) {
            throw new IllegalArgumentException("unknown severity '" + id + "': expected one of "
                    + Arrays.stream(values()).map(Severity::id).toList());
        }
        return severity;
    }
}
