package dev.ballast.api.status;

/** One exempted (skipped) result: the workload, the rule, and why, naming the exemption's source. */
public record ExemptionEntry(String namespace, String kind, String name, String rule, String reason) {
}
