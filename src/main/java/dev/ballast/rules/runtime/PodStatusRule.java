package dev.ballast.rules.runtime;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.engine.WorkloadRule;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import dev.ballast.rules.policy.RuntimeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator-only runtime rules: judge the workload's observed Pods with {@link RuntimeClassifier} at the
 * context's time and report one finding per failing container, naming the first Pod it failed in and how many
 * did. They apply only where Pod status is observed (not in the CLI or the webhook) and pass when the workload
 * has no Pods.
 */
public abstract class PodStatusRule extends WorkloadRule<RuntimeSettings> {
    private final RuntimeFailure.Kind kind;

    protected PodStatusRule(RuleId id, RuntimeFailure.Kind kind) {
        super(id, Policy::runtime);
        this.kind = kind;
    }

    @Override
    public final boolean appliesTo(Workload workload, ClusterContext context) {
        return context.observesPods();
    }

    @Override
    public final void check(Workload workload, RuntimeSettings settings, ClusterContext context, Violations out) {
        Map<String, List<RuntimeFailure>> byContainer = new LinkedHashMap<>();
        for (RuntimeFailure f : RuntimeClassifier.classify(context.pods(workload), settings.maxRestarts(),
                settings.window(), context.now())) {
            if (f.kind() == kind) {
                byContainer.computeIfAbsent(f.container(), k -> new ArrayList<>()).add(f);
            }
        }
        byContainer.forEach((name, failures) -> {
            ContainerView c = container(workload, name);
            String field = c == null ? "status.containerStatuses" : c.path();
            out.add(name, field, "container \"" + name + "\"" + describe(failures.get(0), c, settings)
                    + (failures.size() > 1 ? "; and in " + (failures.size() - 1) + " more Pod"
                    + (failures.size() > 2 ? "s" : "") : ""));
        });
    }

    /** What went wrong in the first Pod, after {@code container "NAME"}; {@code c} is null for an injected container. */
    protected abstract String describe(RuntimeFailure first, ContainerView c, RuntimeSettings settings);

    /** {@code " (exit code 2 at 2026-11-29T20:56:00Z)"}, leaving out what the status did not say. */
    static String exit(RuntimeFailure f) {
        if (f.exitCode() == null && f.finishedAt() == null) {
            return "";
        }
        String code = f.exitCode() == null ? "" : "exit code " + f.exitCode();
        String at = f.finishedAt() == null ? "" : (code.isEmpty() ? "at " : " at ") + f.finishedAt();
        return " (" + code + at + ")";
    }

    private static ContainerView container(Workload workload, String name) {
        for (ContainerView c : workload.template().containers()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
