package dev.ballast.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an existing PolicyReport is one Ballast may replace or delete for a policy (SPEC §9.6). Ballast's
 * own carry {@code app.kubernetes.io/managed-by: ballast} and an ownerReference to their StabilityPolicy; anything
 * else is another tool's and is left untouched. Reports of Ballast 0.1, which predate both marks, may be replaced
 * (and so adopted) when every trace of them says Ballast: the name {@code ballast-<policy>}, the label
 * {@code ballast.dev/policy=<policy>}, no manager label, no owner, and every result with {@code source: ballast}.
 */
final class ReportOwnership {
    static final String MANAGED_BY = "ballast";
    static final String OWNER_KIND = "StabilityPolicy";
    static final String OWNER_GROUP = "ballast.dev/";

    private ReportOwnership() {
    }

    /** Carries both marks: Ballast may replace or delete it. */
    static boolean owned(GenericKubernetesResource report, String policy) {
        ObjectMeta meta = report.getMetadata();
        return MANAGED_BY.equals(labels(meta).get(Annotations.MANAGED_BY_LABEL)) && ownerReferences(meta).stream()
                .anyMatch(o -> OWNER_KIND.equals(o.getKind()) && policy.equals(o.getName())
                        && o.getApiVersion() != null && o.getApiVersion().startsWith(OWNER_GROUP));
    }

    /** Written by Ballast before the marks existed: it may be replaced (which adopts it), never deleted as it is. */
    static boolean writtenByEarlierBallast(GenericKubernetesResource report, String policy) {
        ObjectMeta meta = report.getMetadata();
        if (!PolicyReportWriter.reportName(policy).equals(meta.getName()) || !policy.equals(labels(meta).get(Annotations.POLICY_LABEL))
                || labels(meta).containsKey(Annotations.MANAGED_BY_LABEL) || !ownerReferences(meta).isEmpty()) {
            return false;
        }
        return report.getAdditionalProperties().get("results") instanceof List<?> results && !results.isEmpty()
                && results.stream().allMatch(r -> r instanceof Map<?, ?> m && "ballast".equals(m.get("source")));
    }

    /** Ballast may overwrite it with this policy's results. */
    static boolean replaceable(GenericKubernetesResource report, String policy) {
        return owned(report, policy) || writtenByEarlierBallast(report, policy);
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    private static List<OwnerReference> ownerReferences(ObjectMeta meta) {
        return meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences();
    }
}
