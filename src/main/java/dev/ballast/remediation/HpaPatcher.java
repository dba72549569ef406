package dev.ballast.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies an {@link HpaChange} with a JSON patch under Ballast's field manager. The patch first tests the current
 * value, so a target someone changed since the cache was read is left alone (the next evaluation sees it). The
 * first {@value #PREVIOUS_CPU_TARGET} recorded is kept through later remediations (a second or tightened policy, or
 * a person raising the target again), so the author's value can always be restored.
 */
public final class HpaPatcher {
    public static final String PREVIOUS_CPU_TARGET = "ballast.dev/previous-cpu-target";
    public static final String REMEDIATED_BY = "ballast.dev/remediated-by";
    private static final Pattern METRIC_FIELD = Pattern.compile("spec\\.metrics\\[(\\d+)]\\.resource\\.target\\.averageUtilization");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final String fieldManager;

    public HpaPatcher(KubernetesClient client, String fieldManager) {
        this.client = client;
        this.fieldManager = fieldManager;
    }

    /** Returns true when the HPA was patched; false when it changed meanwhile or is gone. */
    public boolean apply(HpaChange change, ObjectMeta current) {
        String patch = operations(change, current.getAnnotations(), current.getResourceVersion());
        if (patch == null) {
            return false;
        }
        try {
            client.resources(HorizontalPodAutoscaler.class).inNamespace(change.namespace()).withName(change.name())
                    .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).withFieldManager(fieldManager).build(),
                            patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409 || e.getCode() == 422) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The JSON patch for a change, or null when its field is not one Ballast patches. When the cached HPA records no
     * previous target, the patch also tests its resourceVersion: a JSON patch cannot test that an annotation is
     * absent, and a stale cache must not overwrite a value another policy recorded meanwhile.
     */
    static String operations(HpaChange change, Map<String, String> currentAnnotations, String resourceVersion) {
        ArrayNode ops = JSON.createArrayNode();
        boolean firstRecord = currentAnnotations == null || !currentAnnotations.containsKey(PREVIOUS_CPU_TARGET);
        if (firstRecord && resourceVersion != null) {
            ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        }
        if (change.addsMetric()) {
            ObjectNode metric = JSON.createObjectNode().put("type", "Resource");
            metric.putObject("resource").put("name", "cpu").putObject("target").put("type", "Utilization")
                    .put("averageUtilization", change.to());
            ops.addObject().put("op", "add").put("path", "/spec/metrics").putArray("value").add(metric);
        } else {
            Matcher m = METRIC_FIELD.matcher(change.field());
            if (!m.matches()) {
                return null; // only autoscaling/v2 paths are patched; the operator reads HPAs through v2
            }
            String path = "/spec/metrics/" + m.group(1) + "/resource/target/averageUtilization";
            ops.addObject().put("op", "test").put("path", path).put("value", change.from());
            ops.addObject().put("op", "replace").put("path", path).put("value", change.to());
        }
        if (currentAnnotations == null || currentAnnotations.isEmpty()) {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations").putObject("value")
                    .put(PREVIOUS_CPU_TARGET, String.valueOf(change.from())).put(REMEDIATED_BY, change.policy());
        } else {
            if (firstRecord) {
                ops.addObject().put("op", "add").put("path", "/metadata/annotations/" + escape(PREVIOUS_CPU_TARGET))
                        .put("value", String.valueOf(change.from()));
            }
            ops.addObject().put("op", "add").put("path", "/metadata/annotations/" + escape(REMEDIATED_BY))
                    .put("value", change.policy());
        }
        return ops.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
