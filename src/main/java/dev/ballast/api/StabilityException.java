package dev.ballast.api;

import dev.ballast.api.spec.StabilityExceptionSpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import org.jboss.logging.Logger;

/**
 * Exemptions the owners of a namespace grant there without editing a policy, until they expire. A policy honours
 * them only with {@code spec.allowExceptions: true}; who may create one is plain RBAC.
 */
@Group(StabilityPolicy.GROUP)
@Version(StabilityPolicy.VERSION)
@ShortNames("stabex")
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".spec.expires", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".spec.reason", type = AdditionalPrinterColumn.Type.STRING)
@ValidationRule(value = "has(self.spec)", message = "spec is required: reason, expires and what it exempts")
public class StabilityException extends CustomResource<StabilityExceptionSpec, Void> implements Namespaced {
    public static final String KIND = "StabilityException";
    public static final String CRD_NAME = "stabilityexceptions." + StabilityPolicy.GROUP;

    /**
     * Whether the cluster serves StabilityExceptions. Without the CRD (or the right to read it) none are honoured,
     * which only makes policies stricter, so a warning is enough.
     */
    public static boolean installed(KubernetesClient client) {
        try {
            return client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get() != null
                    || warn("is not installed");
        } catch (RuntimeException e) {
            return warn("cannot be read (" + (e.getMessage() != null ? e.getMessage() : e.toString()) + ")");
        }
    }

    private static boolean warn(String why) {
        Logger.getLogger(StabilityException.class).warnf("CRD %s %s: no StabilityException will be honoured; restart"
                + " Ballast after installing it", CRD_NAME, why);
        return false;
    }

    @Override
    protected StabilityExceptionSpec initSpec() {
        return null;
    }
}
