package dev.ballast.rules.model;

import java.util.Map;

/**
 * A Deployment, StatefulSet or DaemonSet as the rules see it. Maps are never null; {@code replicas} is null when
 * unset (Kubernetes then runs 1); {@code apiVersion} is the version the object was written in, null when unknown
 * (objects read back from the cluster are served in the version asked for, not the one written).
 */
public record Workload(String kind, String namespace, String name, Map<String, String> labels,
                       Map<String, String> annotations, PodTemplate template, SourceRef source, Integer replicas,
                       String apiVersion) implements Subject {
    public Workload {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A workload whose replicas are unset and whose written apiVersion is unknown. */
    public Workload(String kind, String namespace, String name, Map<String, String> labels,
                    Map<String, String> annotations, PodTemplate template, SourceRef source) {
        this(kind, namespace, name, labels, annotations, template, source, null, null);
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
