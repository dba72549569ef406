package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.ExceptionMapper;
import dev.ballast.kube.ManifestException;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests of one audit, sorted into workloads, ConfigMaps/Secrets and the context the rules read (including
 * StabilityExceptions, judged at the time given), and a warning for each object defined more than once (every copy
 * is evaluated and counted).
 */
record AuditInput(List<Workload> workloads, List<ConfigObject> configObjects, ClusterContext context, int ignored,
                  List<String> warnings) {

    static AuditInput of(List<Document> documents) {
        return of(documents, Instant.now());
    }

    static AuditInput of(List<Document> documents, Instant now) {
        List<Workload> workloads = new ArrayList<>();
        List<ConfigObject> configs = new ArrayList<>();
        List<NamespaceView> namespaces = new ArrayList<>();
        List<HpaView> hpas = new ArrayList<>();
        List<PeerAuthenticationView> pas = new ArrayList<>();
        List<StabilityExceptionView> exceptions = new ArrayList<>();
        int ignored = 0;
        for (Document doc : documents) {
            SourceRef source = SourceRef.file(doc.file(), doc.line());
            JsonNode o = doc.object();
            String apiVersion = o.path("apiVersion").asText("");
            try {
                switch (doc.kind()) {
                    case "Deployment", "StatefulSet", "DaemonSet" -> workloads.add(WorkloadMapper.map(o, source));
                    case "HorizontalPodAutoscaler" -> hpas.add(ContextMapper.hpa(o, source));
                    case "Namespace" -> namespaces.add(ContextMapper.namespace(o));
                    case "ConfigMap", "Secret" -> configs.add(ContextMapper.configObject(o, source));
                    case "PeerAuthentication" -> {
                        if (apiVersion.startsWith("security.istio.io/")) {
                            pas.add(ContextMapper.peerAuthentication(o, source));
                        } else {
                            ignored++;
                        }
                    }
                    case StabilityException.KIND -> {
                        if (apiVersion.startsWith(StabilityPolicy.GROUP + "/")) {
                            exceptions.add(ExceptionMapper.map(o));
                        } else {
                            ignored++;
                        }
                    }
                    default -> ignored++;
                }
            } catch (ManifestException e) {
                throw InputException.at(doc.file(), doc.line(), doc.kind() + " " + name(o) + ": " + e.getMessage());
            }
        }
        List<ResourceRef> evaluated = new ArrayList<>();
        workloads.forEach(w -> evaluated.add(w.ref()));
        configs.forEach(c -> evaluated.add(c.ref()));
        return new AuditInput(workloads, configs, ClusterContext.of(namespaces, pas, hpas).withExceptions(exceptions, now),
                ignored, duplicates(evaluated));
    }

    private static List<String> duplicates(List<ResourceRef> refs) {
        Map<String, ResourceRef> first = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ResourceRef ref : refs) {
            ResourceRef earlier = first.putIfAbsent(ref.display(), ref);
            if (earlier != null) {
                warnings.add(ref.display() + " is defined twice: " + where(earlier.source()) + " and " + where(ref.source())
                        + "; both are evaluated and counted");
            }
        }
        return List.copyOf(warnings);
    }

    private static String where(SourceRef source) {
        return source.file() + ":" + source.line();
    }

    private static String name(JsonNode o) {
        String name = o.path("metadata").path("name").asText("");
        return name.isEmpty() ? "(unnamed)" : "\"" + name + "\"";
    }
}
