package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** One object read from an input file, with where it starts. */
record Document(JsonNode object, String file, int line) {
    String kind() {
        JsonNode k = object.get("kind");
        return k == null ? "" : k.asText();
    }
}
