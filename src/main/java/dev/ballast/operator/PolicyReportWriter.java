package dev.ballast.operator;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Writes one report of its {@link ReportApi} (a wgpolicyk8s.io PolicyReport or an openreports.io Report) per namespace
 * per policy, only when that CRD is installed, with
 * a result per (workload, rule) capped at {@code maxResults} (the summary always counts everything). Reports are
 * written one namespace at a time ({@link ReportQueue} decides when), only when their content changed, and removed
 * with their policy or when a namespace has no workloads left. Only Ballast's own reports are replaced or deleted
 * ({@link ReportOwnership}); another tool's report in the way is left as it is ({@link Written#CONFLICT}).
 */
final class PolicyReportWriter {
    static final String CRD = ReportApi.WGPOLICYK8S.crd();
    static final ResourceDefinitionContext POLICY_REPORT = ReportApi.WGPOLICYK8S.context();
    private static final Logger LOG = Logger.getLogger(PolicyReportWriter.class);
    private static final long CRD_RECHECK_MILLIS = 30_000;

    private final KubernetesClient client;
    private final ReportApi api;
    private final int maxResults;
    private final ConcurrentMap<String, Integer> written = new ConcurrentHashMap<>();
    private volatile boolean installed;
    private volatile long checkedAt;

    PolicyReportWriter(KubernetesClient client, int maxResults) {
        this(client, ReportApi.WGPOLICYK8S, maxResults);
    }

    PolicyReportWriter(KubernetesClient client, ReportApi api, int maxResults) {
        this.client = client;
        this.api = api;
        this.maxResults = maxResults;
    }

    ReportApi api() {
        return api;
    }

    boolean crdInstalled() {
        long now = System.currentTimeMillis();
        if (now - checkedAt > CRD_RECHECK_MILLIS) {
            try {
                installed = client.apiextensions().v1().customResourceDefinitions().withName(api.crd()).get() != null;
            } catch (KubernetesClientException e) {
                installed = false;
            }
            checkedAt = now;
        }
        return installed;
    }

    static String reportName(String policy) {
        return "ballast-" + policy;
    }

    /** What writing one namespace's report did. */
    enum Written {
        /** Created, replaced or deleted, or already as it should be. */
        DONE,
        /** Another tool's report is in the way: left untouched. */
        CONFLICT,
        /** The API server refused it (e.g. a namespace being deleted); a later change or resync tries again. */
        FAILED,
        /** The PolicyReport CRD is not installed. */
        NO_CRD
    }

    /** The note for status when reports cannot be written at all, else null. */
    String note() {
        return crdInstalled() ? null : api.kind() + " CRD (" + api.crd() + ") not installed: no " + api.kind() + "s written";
    }

    /**
     * Writes the policy's report in one namespace from that namespace's evaluations, or removes it (when Ballast's)
     * when there are none. Skipped when the content is what was last written.
     */
    Written write(String policy, String policyUid, String namespace, List<Evaluation> evaluations) {
        if (!crdInstalled()) {
            return Written.NO_CRD;
        }
        String key = policy + "/" + namespace;
        try {
            if (evaluations.isEmpty()) {
                deleteIfOwned(policy, reports(namespace).withName(reportName(policy)).get());
                written.remove(key);
                return Written.DONE;
            }
            int hash = evaluations.hashCode(); // records all the way down: equal results, equal hash, no map building
            if (Integer.valueOf(hash).equals(written.get(key))) {
                return Written.DONE;
            }
            if (!replace(policy, report(policy, policyUid, namespace, evaluations))) {
                return Written.CONFLICT;
            }
            written.put(key, hash);
            return Written.DONE;
        } catch (KubernetesClientException e) {
            LOG.debugf("%s %s/%s not written: %s", api.kind(), namespace, reportName(policy), e.getMessage());
            return Written.FAILED;
        }
    }

    /**
     * Creates the report, or replaces the existing one if it is Ballast's; false when another tool's is in the way.
     * The replace carries the resourceVersion that was judged, so a report changing hands meanwhile is not overwritten.
     */
    private boolean replace(String policy, GenericKubernetesResource report) {
        GenericKubernetesResource current = reports(report.getMetadata().getNamespace())
                .withName(report.getMetadata().getName()).get();
        if (current == null) {
            reports(report.getMetadata().getNamespace()).resource(report).create();
            return true;
        }
        if (!api.replaceable(current, policy)) {
            return false;
        }
        // a plain replace: server-side apply of a report with hundreds of list entries costs the API server
        // far more (managedFields over every result) and the report has one writer anyway
        report.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        reports(report.getMetadata().getNamespace()).resource(report).update();
        return true;
    }

    private void deleteIfOwned(String policy, GenericKubernetesResource report) {
        if (report != null && ReportOwnership.owned(report, policy)) {
            reports(report.getMetadata().getNamespace()).withName(report.getMetadata().getName()).delete();
        }
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> reports(String namespace) {
        return client.genericKubernetesResources(api.context()).inNamespace(namespace);
    }

    /** Namespaces holding a report of this policy that Ballast may replace; another tool's labelled report is not one. */
    Set<String> reportNamespaces(String policy) {
        if (!crdInstalled()) {
            return Set.of();
        }
        Set<String> namespaces = new java.util.HashSet<>();
        forEachLabelled(policy, r -> {
            if (api.replaceable(r, policy)) {
                namespaces.add(r.getMetadata().getNamespace());
            }
        });
        return namespaces;
    }

    /** Every report labelled with the policy, paged: reports can be large. */
    private void forEachLabelled(String policy, Consumer<GenericKubernetesResource> action) {
        String next = null;
        do {
            var page = client.genericKubernetesResources(api.context()).inAnyNamespace()
                    .withLabel(Annotations.POLICY_LABEL, policy)
                    .list(new ListOptionsBuilder().withLimit(5L).withContinue(next).build());
            page.getItems().forEach(action);
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
    }

    /** Deletes the policy's reports that carry both of Ballast's marks; any other labelled report stays. */
    void deleteAll(String policy) {
        written.keySet().removeIf(k -> k.startsWith(policy + "/"));
        if (!crdInstalled()) {
            return;
        }
        List<GenericKubernetesResource> labelled = new ArrayList<>(); // listed first: deleting while paging skips pages
        forEachLabelled(policy, labelled::add);
        labelled.forEach(r -> deleteIfOwned(policy, r));
    }

    private GenericKubernetesResource report(String policy, String policyUid, String namespace, List<Evaluation> evaluations) {
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Integer> summary = new LinkedHashMap<>(Map.of("pass", 0, "fail", 0, "warn", 0, "error", 0, "skip", 0));
        // failures and skips first, so a capped report drops passes before anything that needs attention
        for (boolean passes : new boolean[] {false, true}) {
            for (Evaluation e : evaluations) {
                for (RuleResult r : passes ? e.resultsOf(Result.PASS) : e.nonPassing()) {
                    summary.merge(r.result().id(), 1, Integer::sum);
                    if (results.size() < maxResults) {
                        results.add(result(policy, e, r));
                    }
                }
            }
        }
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(api.apiVersion()).withKind(api.kind())
                .withNewMetadata().withName(reportName(policy)).withNamespace(namespace)
                .addToLabels(Annotations.POLICY_LABEL, policy).addToLabels(Annotations.MANAGED_BY_LABEL, "ballast")
                .addToAnnotations("ballast.dev/truncated", String.valueOf(results.size() < summary.values().stream().mapToInt(i -> i).sum()))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("ballast.dev/v1alpha1")
                        .withKind("StabilityPolicy").withName(policy).withUid(policyUid).build())
                .endMetadata()
                .addToAdditionalProperties("scope", Map.of("apiVersion", "v1", "kind", "Namespace", "name", namespace))
                .addToAdditionalProperties("results", results)
                .addToAdditionalProperties("summary", summary)
                .build();
    }

    private static Map<String, Object> result(String policy, Evaluation e, RuleResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "ballast");
        m.put("policy", policy);
        m.put("rule", r.rule().id());
        m.put("result", r.result().id());
        m.put("severity", r.severity().id());
        m.put("category", r.rule().groupId());
        String message = r.findings().isEmpty() ? r.rule().title()
                : String.join("; ", r.findings().stream().map(Finding::message).toList());
        m.put("message", message.length() > 1024 ? message.substring(0, 1021) + "..." : message);
        var s = e.subject();
        m.put("resources", List.of(Map.of("apiVersion", "apps/v1", "kind", s.kind(), "name", s.name(),
                "namespace", s.namespace(), "uid", s.source().uid() == null ? "" : s.source().uid())));
        if (r.result() == Result.FAIL && r.findings().get(0).field() != null) {
            m.put("properties", Map.of("field", r.findings().get(0).field()));
        }
        return m;
    }
}
