package dev.ballast.rules.model;

import java.util.Map;

/** A Deployment, StatefulSet or DaemonSet as the rules see it. Maps are never null. */
public record Workload(String kind, String namespace, String name, Map<String, String> labels,
                       Map<String, String> annotations, PodTemplate template, SourceRef source) {
    public Workload {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public ResourceRef ref() {
        return new ResourceRef(kind, namespace, name, source);
    }
}
