package dev.ballast.rules.model;

import java.util.Map;

public record NamespaceView(String name, Map<String, String> labels) {
    public NamespaceView {
        labels = Map.copyOf(labels);
    }
}
