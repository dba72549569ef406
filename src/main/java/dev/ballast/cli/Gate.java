package dev.ballast.cli;

import dev.ballast.report.AuditResult;
import dev.ballast.report.FindingRow;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Result;

/** Decides the audit's exit code from {@code --fail-on} and {@code --min-score}: 0 passed, 1 the gate tripped. */
final class Gate {
    static final int OK = 0;
    static final int TRIPPED = 1;
    static final int BAD_INPUT = 2;

    enum FailOn { none, violation, critical }

    private Gate() {
    }

    static int exitCode(AuditResult result, FailOn failOn, Integer minScore) {
        boolean tripped = switch (failOn) {
            case none -> false;
            case violation -> result.score().failed() > 0;
            case critical -> result.rows().stream().anyMatch(Gate::criticalFailure);
        };
        if (minScore != null && result.score().score() < minScore) {
            tripped = true;
        }
        return tripped ? TRIPPED : OK;
    }

    private static boolean criticalFailure(FindingRow row) {
        return row.result() == Result.FAIL && row.severity() == Severity.CRITICAL;
    }
}
