package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public record RuntimeSpec(
        @JsonPropertyDescription("Every container must set terminationMessagePolicy: FallbackToLogsOnError, so the "
                + "last lines of a crash reach the Pod status (termination-message-policy). Default true.")
        Boolean requireCrashMessages,
        @JsonPropertyDescription("Operator only: restarts a container may have, with its last termination inside "
                + "window, before it counts as crash-looping (crash-looping; CrashLoopBackOff always fails). "
                + "Range 0-1000, default 3.")
        @Min(0) @Max(1000)
        Integer maxRestarts,
        @JsonPropertyDescription("Operator only: how far back a termination (lastState.terminated.finishedAt) counts "
                + "for crash-looping, oom-killed and go-runtime-fatal, as hours, minutes and seconds (1h, 30m, "
                + "1h30m). Default 1h.")
        @Pattern("^([1-9][0-9]{0,3}h([0-9]{1,4}m)?([0-9]{1,5}s)?|[1-9][0-9]{0,4}m([0-9]{1,5}s)?|[1-9][0-9]{0,5}s)$")
        String window) {
}
