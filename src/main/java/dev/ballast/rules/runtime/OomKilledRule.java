package dev.ballast.rules.runtime;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Quantity;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.policy.RuntimeSettings;

/**
 * Operator only. Reads {@code lastState.terminated} and {@code state.terminated} of each Pod's containers; passes
 * when none has reason {@code OOMKilled} with {@code finishedAt} within {@code runtime.window}. The message names
 * the container's memory limit and request from the pod template and says when memory-limit-missing or
 * memory-limit-not-equal-request also fails for it: the static finding that explains the kill.
 */
public final class OomKilledRule extends PodStatusRule {
    public OomKilledRule() {
        super(RuleId.OOM_KILLED, RuntimeFailure.Kind.OOM_KILLED);
    }

    @Override
    protected String describe(RuntimeFailure f, ContainerView c, RuntimeSettings settings) {
        return " was OOMKilled in Pod " + f.pod() + exit(f) + memory(c);
    }

    private static String memory(ContainerView c) {
        if (c == null) {
            return "; it is not in the pod template (injected), so its memory settings are not known here";
        }
        String request = c.memoryRequest() == null ? "unset" : c.memoryRequest();
        if (c.memoryLimit() == null) {
            return "; memory limit unset, request " + request + " (" + RuleId.MEMORY_LIMIT_MISSING.id()
                    + " also fails)";
        }
        String text = "; memory limit " + c.memoryLimit() + ", request " + request;
        if (c.memoryRequest() != null && !Quantity.equal(c.memoryLimit(), c.memoryRequest())) {
            text += " (" + RuleId.MEMORY_LIMIT_NOT_EQUAL_REQUEST.id() + " also fails)";
        }
        return text;
    }
}
