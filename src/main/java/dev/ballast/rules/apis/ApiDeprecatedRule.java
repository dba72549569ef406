package dev.ballast.rules.apis;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.GroupRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.Subject;
import dev.ballast.rules.model.VersionedObject;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.ApiSettings;
import dev.ballast.rules.policy.Policy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the object's written {@code apiVersion} and kind and looks them up in {@link ApiLifecycleTable}; passes when
 * Kubernetes {@code apis.targetVersion} neither removed nor deprecated that version of the kind (a version not in the
 * table passes). Removed at the target: fails with severity high; deprecated but served: the default, medium. Judged
 * only where the written version is known ({@link ClusterContext#knowsWrittenVersions()}).
 */
public final class ApiDeprecatedRule<T extends Subject> extends GroupRule<T, ApiSettings> {
    private static final Map<String, ApiLifecycle> LIFECYCLES = index();

    private final Function<T, String> apiVersion;

    private ApiDeprecatedRule(Class<T> subject, Function<T, String> apiVersion) {
        super(RuleId.API_DEPRECATED, subject, Policy::apis);
        this.apiVersion = apiVersion;
    }

    /** On a Deployment, StatefulSet or DaemonSet. */
    public static ApiDeprecatedRule<Workload> onWorkloads() {
        return new ApiDeprecatedRule<>(Workload.class, Workload::apiVersion);
    }

    /** On an HPA or PodDisruptionBudget judged on its own. */
    public static ApiDeprecatedRule<VersionedObject> onVersionedObjects() {
        return new ApiDeprecatedRule<>(VersionedObject.class, VersionedObject::apiVersion);
    }

    /** The lifecycle of this API version of this kind; null when it is not deprecated in any version. */
    public static ApiLifecycle lifecycle(String apiVersion, String kind) {
        return LIFECYCLES.get(apiVersion + " " + kind);
    }

    @Override
    public boolean appliesTo(T subject, ClusterContext context) {
        String version = apiVersion.apply(subject);
        return context.knowsWrittenVersions() && version != null && !version.isBlank();
    }

    @Override
    public void check(T subject, ApiSettings settings, ClusterContext context, Violations out) {
        String kind = subject.ref().kind();
        ApiLifecycle api = lifecycle(apiVersion.apply(subject), kind);
        KubeVersion target = settings.targetVersion();
        if (api == null) {
            return;
        }
        String use = api.replacement() == null ? "" : ": use " + api.replacement();
        if (api.removedAt(target)) {
            out.severity(Severity.HIGH);
            out.add(null, "apiVersion", api.apiVersion() + " " + kind + " was removed in Kubernetes " + api.removed()
                    + " (target " + target + ")" + use);
        } else if (api.deprecatedAt(target)) {
            out.add(null, "apiVersion", api.apiVersion() + " " + kind + " is deprecated since Kubernetes "
                    + api.deprecated() + (api.removed() == null ? "" : " and removed in " + api.removed())
                    + " (target " + target + ")" + use);
        }
    }

    private static Map<String, ApiLifecycle> index() {
        Map<String, ApiLifecycle> rows = new HashMap<>();
        ApiLifecycleTable.ROWS.forEach(r -> rows.put(r.apiVersion() + " " + r.kind(), r));
        return Map.copyOf(rows);
    }
}
