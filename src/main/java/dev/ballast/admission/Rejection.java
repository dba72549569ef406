package dev.ballast.admission;

import java.util.Locale;

/**
 * Why the webhook answered without judging: the {@code reason} tag of {@code ballast_webhook_rejected_total} (and of
 * {@code ballast_report_rejected_total} for the report's listener, which uses the connection reasons).
 */
public enum Rejection {
    /** Over ballast.webhook.max-connections: closed at once. */
    TOO_MANY_CONNECTIONS,
    /** The request's bytes would pass ballast.webhook.max-buffered-bytes: 503, closed. */
    BUFFER_BUDGET,
    /** ballast.webhook.max-in-flight reviews already on workers: 503. */
    IN_FLIGHT,
    /** Not decided within ballast.webhook.deadline: 503, the work cancelled. */
    DEADLINE,
    /** Body over ballast.webhook.max-body-bytes: 413, closed. */
    TOO_LARGE,
    /** Headers or body slower than their timeouts: closed (408 when the headers had arrived). */
    SLOW_CLIENT,
    /** More containers than ballast.webhook.max-containers: allowed unjudged, with a warning. */
    TOO_MANY_CONTAINERS;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
