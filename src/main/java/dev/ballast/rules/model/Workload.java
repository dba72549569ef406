package dev.ballast.rules.model;

import java.util.Map;

/** A Deployment, StatefulSet or DaemonSet as the rules see it. Maps are never null. */
public record Workload(String kind, String namespace, String name, Map<String, String> labels,
                       Map<String, String> annotations, PodTemplate template, SourceRef source) implements Subject {
    public Workload {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    @Override
    public ResourceRef ref() {
        return new ResourceRef(kind, namespace, name, source);
    }

    @Override
    public String matchKind() {
        return kind;
    }

    @Override
    public Map<String, String> matchLabels() {
        return labels;
    }

    @Override
    public Map<String, String> exemptionAnnotations() {
        return annotations;
    }

    @Override
    public boolean reportedWithoutRules() {
        return true;
    }
}
