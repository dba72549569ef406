package dev.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.StabilityException;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.mapping.ContextMapper;
import dev.ballast.api.mapping.ExceptionMapper;
import dev.ballast.api.mapping.ManifestException;
import dev.ballast.api.mapping.WorkloadMapper;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.ConfigObject;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.StabilityExceptionView;
import dev.ballast.rules.model.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifests of one audit, sorted into workloads, ConfigMaps/Secrets and the context the rules read (including
 * StabilityExceptions, judged at the time given).
 */
record AuditInput(List<Workload> workloads, List<ConfigObject> configObjects, ClusterContext context, int ignored) {

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
        return new AuditInput(workloads, configs, ClusterContext.of(namespaces, pas, hpas).withExceptions(exceptions, now),
                ignored);
    }

    private static String name(JsonNode o) {
        String name = o.path("metadata").path("name").asText("");
        return name.isEmpty() ? "(unnamed)" : "\"" + name + "\"";
    }
}
