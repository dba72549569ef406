package dev.ballast.api;

import dev.ballast.api.spec.StabilityPolicySpec;
import dev.ballast.api.status.StabilityPolicyStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.kubernetes.client.CustomResource;

/** A cluster-scoped StabilityPolicy: which workloads to check, against which rules, in which mode. */
@Group(StabilityPolicy.GROUP)
@Version(StabilityPolicy.VERSION)
@ShortNames("stabpol")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Workloads", jsonPath = ".status.summary.workloads", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Violations", jsonPath = ".status.summary.violations", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Score", jsonPath = ".status.summary.score", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class StabilityPolicy extends CustomResource<StabilityPolicySpec, StabilityPolicyStatus> {
    public static final String GROUP = "ballast.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Required in the schema: the API server refuses a policy without spec instead of the operator marking it invalid. */
    @Required
    @Override
    public StabilityPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    protected StabilityPolicySpec initSpec() {
        return null;
    }

    @Override
    protected StabilityPolicyStatus initStatus() {
        return null;
    }
}
