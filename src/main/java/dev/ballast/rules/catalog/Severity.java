package dev.ballast.rules.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PolicyReport severity scale, most severe first (ordinal order is used for sorting). */
public enum Severity {
    @JsonProperty("critical") CRITICAL,
    @JsonProperty("high") HIGH,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("low") LOW;

    private final String id = name().toLowerCase(java.util.Locale.ROOT);

    public String id() {
        return id;
    }
}
