package dev.ballast.rules.model;

import dev.ballast.rules.policy.LabelSelector;
import java.util.Map;

/**
 * A Deployment, StatefulSet or DaemonSet as the rules see it. Maps are never null; {@code replicas} is null when
 * unset (Kubernetes then runs 1); {@code apiVersion} is the version the object was written in, null when unknown
 * (objects read back from the cluster are served in the version asked for, not the one written); {@code selector} is
 * its {@code spec.selector}, null when the object does not set one (it then selects by its template's labels).
 */
public record Workload(String kind, String namespace, String name, Map<String, String> labels,
                       Map<String, String> annotations, PodTemplate template, SourceRef source, Integer replicas,
                       String apiVersion, LabelSelector selector) implements Subject {
    public Workload {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A workload whose replicas, written apiVersion and {@code spec.selector} are unknown. */
    public Workload(String kind, String namespace, String name, Map<String, String> labels,
                    Map<String, String> annotations, PodTemplate template, SourceRef source) {
        this(kind, namespace, name, labels, annotations, template, source, null, null, null);
    }

    /** A workload without a {@code spec.selector}. */
    public Workload(String kind, String namespace, String name, Map<String, String> labels,
                    Map<String, String> annotations, PodTemplate template, SourceRef source, Integer replicas,
                    String apiVersion) {
        this(kind, namespace, name, labels, annotations, template, source, replicas, apiVersion, null);
    }

    /** The same workload, written in {@code apiVersion} (at admission: the request's, before any conversion). */
    public Workload writtenIn(String apiVersion) {
        return new Workload(kind, namespace, name, labels, annotations, template, source, replicas, apiVersion, selector);
    }

    /** The selector its Pods are matched with: {@code spec.selector}, else the template's labels. */
    public LabelSelector podSelector() {
        return selector != null ? selector : new LabelSelector(template.labels(), java.util.List.of());
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
