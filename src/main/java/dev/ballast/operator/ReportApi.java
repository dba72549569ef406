package dev.ballast.operator;

import dev.ballast.config.ReportFormat;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One policy-report API a {@link PolicyReportWriter} writes to. Both carry the same report body (scope, results,
 * summary); they differ in group, version, kind and in whether unmarked reports can be Ballast 0.1's.
 *
 * @param crd the CRD whose presence turns writing on
 * @param adoptsEarlierBallast whether a report without Ballast's marks may be 0.1's and so adopted: Ballast 0.1
 *     wrote only wgpolicyk8s PolicyReports, so an unmarked OpenReports Report is always another tool's
 */
record ReportApi(String crd, ResourceDefinitionContext context, boolean adoptsEarlierBallast) {
    static final ReportApi WGPOLICYK8S = new ReportApi("policyreports.wgpolicyk8s.io", new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build(), true);
    static final ReportApi OPENREPORTS = new ReportApi("reports.openreports.io", new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
            .withNamespaced(true).build(), false);

    static List<ReportApi> of(ReportFormat format) {
        List<ReportApi> apis = new ArrayList<>();
        if (format.writesWgPolicyK8s()) {
            apis.add(WGPOLICYK8S);
        }
        if (format.writesOpenReports()) {
            apis.add(OPENREPORTS);
        }
        return List.copyOf(apis);
    }

    String apiVersion() {
        return context.getGroup() + "/" + context.getVersion();
    }

    String kind() {
        return context.getKind();
    }

    /** How a report of this API is named in conflicts: {@code namespace/name}, with the kind when not a PolicyReport. */
    String describe(String namespace, String name) {
        return namespace + "/" + name + (this == WGPOLICYK8S ? "" : " (" + kind() + " " + context.getGroup() + ")");
    }

    boolean replaceable(io.fabric8.kubernetes.api.model.GenericKubernetesResource report, String policy) {
        return adoptsEarlierBallast ? ReportOwnership.replaceable(report, policy) : ReportOwnership.owned(report, policy);
    }
}
