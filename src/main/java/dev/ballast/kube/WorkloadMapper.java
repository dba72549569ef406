package dev.ballast.kube;

import static dev.ballast.kube.NodeReader.bool;
import static dev.ballast.kube.NodeReader.integer;
import static dev.ballast.kube.NodeReader.list;
import static dev.ballast.kube.NodeReader.longValue;
import static dev.ballast.kube.NodeReader.object;
import static dev.ballast.kube.NodeReader.stringMap;
import static dev.ballast.kube.NodeReader.strings;
import static dev.ballast.kube.NodeReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.model.ContainerSecurity;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodSecurity;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.model.Probe;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.VolumeView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.LabelSelector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Maps a Deployment, StatefulSet or DaemonSet (any apiVersion) from its JSON tree to the engine's {@link Workload}.
 * Structural only: unset stays null, defaults are the rules' business.
 */
public final class WorkloadMapper {
    private static final String SPEC = "spec.template.spec";
    private static final String DEFAULT_NAMESPACE = "default";

    private WorkloadMapper() {
    }

    public static Workload map(JsonNode object, SourceRef source) {
        String kind = text(object, "kind", "");
        JsonNode metadata = object(object, "metadata", "");
        String name = text(metadata, "name", "metadata");
        if (name == null || name.isEmpty()) {
            throw new ManifestException(kind + " has no metadata.name");
        }
        String namespace = text(metadata, "namespace", "metadata");
        JsonNode spec = object(object, "spec", "");
        JsonNode template = object(spec, "template", "spec");
        JsonNode templateMeta = object(template, "metadata", "spec.template");
        JsonNode pod = object(template, "spec", "spec.template");
        return new Workload(kind, namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace, name,
                stringMap(metadata, "labels", "metadata"), stringMap(metadata, "annotations", "metadata"),
                podTemplate(templateMeta, pod), source, integer(spec, "replicas", "spec"), text(object, "apiVersion", ""),
                selector(object(spec, "selector", "spec")));
    }

    /** {@code spec.selector}, null when unset; an unknown operator is refused, naming the field. */
    private static LabelSelector selector(JsonNode s) {
        if (s == null) {
            return null;
        }
        List<LabelSelector.Requirement> expressions = new ArrayList<>();
        List<JsonNode> nodes = list(s, "matchExpressions", "spec.selector");
        for (int i = 0; i < nodes.size(); i++) {
            String path = "spec.selector.matchExpressions[" + i + "]";
            String operator = text(nodes.get(i), "operator", path);
            LabelSelector.Operator op;
            try {
                op = LabelSelector.Operator.valueOf(operator == null ? "" : operator);
            } catch (IllegalArgumentException e) {
                throw new ManifestException(path + ".operator \"" + operator
                        + "\" is not In, NotIn, Exists or DoesNotExist");
            }
            expressions.add(new LabelSelector.Requirement(text(nodes.get(i), "key", path), op,
                    strings(nodes.get(i), "values", path)));
        }
        return new LabelSelector(stringMap(s, "matchLabels", "spec.selector"), expressions);
    }

    private static PodTemplate podTemplate(JsonNode meta, JsonNode pod) {
        JsonNode sc = object(pod, "securityContext", SPEC);
        PodSecurity security = sc == null ? PodSecurity.UNSET : new PodSecurity(
                bool(sc, "runAsNonRoot", SPEC + ".securityContext"),
                longValue(sc, "runAsUser", SPEC + ".securityContext"), seccompType(sc, SPEC + ".securityContext"));
        List<ContainerView> containers = new ArrayList<>();
        for (ContainerView.Role role : ContainerView.Role.values()) {
            List<JsonNode> nodes = list(pod, role.field(), SPEC);
            for (int i = 0; i < nodes.size(); i++) {
                containers.add(container(nodes.get(i), role, i));
            }
        }
        List<VolumeView> volumes = new ArrayList<>();
        for (JsonNode v : list(pod, "volumes", SPEC)) {
            volumes.add(new VolumeView(text(v, "name", SPEC + ".volumes"), volumeType(v)));
        }
        return new PodTemplate(stringMap(meta, "labels", "spec.template.metadata"),
                stringMap(meta, "annotations", "spec.template.metadata"), security,
                Boolean.TRUE.equals(bool(pod, "hostNetwork", SPEC)), Boolean.TRUE.equals(bool(pod, "hostPID", SPEC)),
                Boolean.TRUE.equals(bool(pod, "hostIPC", SPEC)), containers, volumes, spreadTopologyKeys(pod));
    }

    /** The topologyKey of each topologySpreadConstraints entry and pod anti-affinity term (required or preferred). */
    private static List<String> spreadTopologyKeys(JsonNode pod) {
        List<String> keys = new ArrayList<>();
        for (JsonNode c : list(pod, "topologySpreadConstraints", SPEC)) {
            keys.add(text(c, "topologyKey", SPEC + ".topologySpreadConstraints"));
        }
        String antiPath = SPEC + ".affinity.podAntiAffinity";
        JsonNode anti = object(object(pod, "affinity", SPEC), "podAntiAffinity", SPEC + ".affinity");
        for (JsonNode term : list(anti, "requiredDuringSchedulingIgnoredDuringExecution", antiPath)) {
            keys.add(text(term, "topologyKey", antiPath));
        }
        for (JsonNode weighted : list(anti, "preferredDuringSchedulingIgnoredDuringExecution", antiPath)) {
            keys.add(text(object(weighted, "podAffinityTerm", antiPath), "topologyKey", antiPath));
        }
        keys.removeIf(java.util.Objects::isNull);
        return keys;
    }

    private static String volumeType(JsonNode volume) {
        Iterator<String> names = volume.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!"name".equals(field)) {
                return field;
            }
        }
        return "emptyDir"; // a volume with no source is an emptyDir, as the API server defaults it
    }

    private static ContainerView container(JsonNode c, ContainerView.Role role, int index) {
        String path = SPEC + "." + role.field() + "[" + index + "]";
        String name = text(c, "name", path);
        JsonNode resources = object(c, "resources", path);
        JsonNode requests = object(resources, "requests", path + ".resources");
        String request = text(requests, "memory", path + ".resources.requests");
        String limit = text(object(resources, "limits", path + ".resources"), "memory", path + ".resources.limits");
        return new ContainerView(name == null ? "#" + index : name, role, index, text(c, "image", path), probe(c, "readinessProbe", path),
                probe(c, "livenessProbe", path), probe(c, "startupProbe", path), request, limit,
                text(requests, "cpu", path + ".resources.requests"),
                containerSecurity(object(c, "securityContext", path), path + ".securityContext"),
                text(c, "terminationMessagePolicy", path));
    }

    private static Probe probe(JsonNode container, String field, String path) {
        JsonNode p = object(container, field, path);
        if (p == null) {
            return null;
        }
        String probePath = path + "." + field;
        String handler = null;
        for (String h : new String[] {"httpGet", "tcpSocket", "exec", "grpc"}) {
            if (p.has(h)) {
                handler = h;
                break;
            }
        }
        String httpPath = Probe.HTTP_GET.equals(handler) ? text(p.get("httpGet"), "path", probePath + ".httpGet") : null;
        return new Probe(handler, httpPath, integer(p, "timeoutSeconds", probePath),
                integer(p, "failureThreshold", probePath));
    }

    private static ContainerSecurity containerSecurity(JsonNode sc, String path) {
        if (sc == null) {
            return ContainerSecurity.UNSET;
        }
        JsonNode caps = object(sc, "capabilities", path);
        return new ContainerSecurity(bool(sc, "runAsNonRoot", path), longValue(sc, "runAsUser", path),
                bool(sc, "allowPrivilegeEscalation", path), bool(sc, "privileged", path),
                strings(caps, "add", path + ".capabilities"), strings(caps, "drop", path + ".capabilities"),
                seccompType(sc, path), bool(sc, "readOnlyRootFilesystem", path));
    }

    private static String seccompType(JsonNode sc, String path) {
        return text(object(sc, "seccompProfile", path), "type", path + ".seccompProfile");
    }
}
