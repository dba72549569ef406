package dev.ballast.rules.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of one rule for one object, in PolicyReport words. */
public enum Result {
    @JsonProperty("pass") PASS,
    @JsonProperty("fail") FAIL,
    @JsonProperty("skip") SKIP;

    private final String id = name().toLowerCase(java.util.Locale.ROOT);

    public String id() {
        return id;
    }
}
