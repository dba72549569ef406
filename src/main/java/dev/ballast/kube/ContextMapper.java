package dev.ballast.kube;

import static dev.ballast.kube.NodeReader.child;
import static dev.ballast.kube.NodeReader.integer;
import static dev.ballast.kube.NodeReader.list;
import static dev.ballast.kube.NodeReader.object;
import static dev.ballast.kube.NodeReader.stringMap;
import static dev.ballast.kube.NodeReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps the objects rules use as context (HPAs, PeerAuthentications, Namespaces, ConfigMaps/Secrets) from JSON. */
public final class ContextMapper {
    private ContextMapper() {
    }

    public static String namespaceOf(JsonNode object) {
        String ns = text(object(object, "metadata", ""), "namespace", "metadata");
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    public static String nameOf(JsonNode object) {
        String name = text(object(object, "metadata", ""), "name", "metadata");
        if (name == null || name.isEmpty()) {
            throw new ManifestException(text(object, "kind", "") + " has no metadata.name");
        }
        return name;
    }

    public static NamespaceView namespace(JsonNode object) {
        return new NamespaceView(nameOf(object), stringMap(object(object, "metadata", ""), "labels", "metadata"));
    }

    /** The same view from an informer's typed Namespace (no tree needed: only name and labels count). */
    public static NamespaceView namespace(Namespace namespace) {
        var labels = namespace.getMetadata().getLabels();
        return new NamespaceView(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
    }

    /**
     * Reads every HPA version: v1 targetCPUUtilizationPercentage, v2beta1 Resource cpu targetAverageUtilization,
     * v2/v2beta2 Resource cpu target.averageUtilization (type Utilization).
     */
    public static HpaView hpa(JsonNode object, SourceRef source) {
        String apiVersion = text(object, "apiVersion", "");
        apiVersion = apiVersion == null ? "autoscaling/v2" : apiVersion;
        JsonNode spec = object(object, "spec", "");
        JsonNode ref = object(spec, "scaleTargetRef", "spec");
        boolean specified;
        List<HpaView.CpuTarget> targets = new ArrayList<>();
        if (apiVersion.endsWith("/v1")) {
            Integer target = integer(spec, "targetCPUUtilizationPercentage", "spec");
            specified = target != null;
            if (target != null) {
                targets.add(new HpaView.CpuTarget(target, "spec.targetCPUUtilizationPercentage"));
            }
        } else {
            List<JsonNode> metrics = list(spec, "metrics", "spec");
            specified = !metrics.isEmpty();
            for (int i = 0; i < metrics.size(); i++) {
                cpuTarget(metrics.get(i), i).ifPresent(targets::add);
            }
        }
        return new HpaView(apiVersion, namespaceOf(object), nameOf(object), text(ref, "kind", "spec.scaleTargetRef"),
                text(ref, "name", "spec.scaleTargetRef"), stringMap(object(object, "metadata", ""), "annotations", "metadata"),
                specified, targets, source, integer(spec, "minReplicas", "spec"));
    }

    private static Optional<HpaView.CpuTarget> cpuTarget(JsonNode metric, int i) {
        String path = "spec.metrics[" + i + "]";
        JsonNode resource = object(metric, "resource", path);
        if (!"Resource".equals(text(metric, "type", path)) || resource == null
                || !"cpu".equals(text(resource, "name", path + ".resource"))) {
            return Optional.empty();
        }
        Integer legacy = integer(resource, "targetAverageUtilization", path + ".resource");
        if (legacy != null) {
            return Optional.of(new HpaView.CpuTarget(legacy, path + ".resource.targetAverageUtilization"));
        }
        JsonNode target = object(resource, "target", path + ".resource");
        Integer utilization = integer(target, "averageUtilization", path + ".resource.target");
        if (utilization == null) {
            return Optional.empty();
        }
        return Optional.of(new HpaView.CpuTarget(utilization, path + ".resource.target.averageUtilization"));
    }

    public static PeerAuthenticationView peerAuthentication(JsonNode object, SourceRef source) {
        JsonNode metadata = object(object, "metadata", "");
        JsonNode spec = object(object, "spec", "");
        Map<Integer, MtlsMode> ports = new HashMap<>();
        JsonNode portLevel = object(spec, "portLevelMtls", "spec");
        if (portLevel != null) {
            portLevel.fields().forEachRemaining(e -> {
                try {
                    ports.put(Integer.parseInt(e.getKey()), MtlsMode.parse(text(e.getValue(), "mode", "spec.portLevelMtls")));
                } catch (NumberFormatException ex) {
                    throw new ManifestException("spec.portLevelMtls key \"" + e.getKey() + "\" is not a port number");
                }
            });
        }
        return new PeerAuthenticationView(namespaceOf(object), nameOf(object), timestamp(text(metadata, "creationTimestamp", "metadata")),
                stringMap(object(spec, "selector", "spec"), "matchLabels", "spec.selector"),
                MtlsMode.parse(text(object(spec, "mtls", "spec"), "mode", "spec.mtls")), ports, source);
    }

    /** A ConfigMap or Secret; its last writer is the manager of the newest managedFields entry, if any. */
    public static ConfigObject configObject(JsonNode object, SourceRef source) {
        String lastManager = null;
        String newest = null;
        for (JsonNode entry : list(object(object, "metadata", ""), "managedFields", "metadata")) {
            String time = text(entry, "time", "metadata.managedFields");
            if (child(entry, "subresource") != null) {
                continue;
            }
            if (lastManager == null || (time != null && (newest == null || time.compareTo(newest) > 0))) {
                lastManager = text(entry, "manager", "metadata.managedFields");
                newest = time;
            }
        }
        return new ConfigObject(text(object, "kind", ""), namespaceOf(object), nameOf(object), lastManager, source);
    }

    private static Instant timestamp(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ManifestException("metadata.creationTimestamp \"" + text + "\" is not an RFC 3339 time");
        }
    }
}
