package dev.ballast.config;

import java.util.Locale;

/**
 * Which policy-report API the controller writes ({@code ballast.reports.format}): the wgpolicyk8s.io PolicyReport
 * (Kyverno's and Policy Reporter's long-standing format), OpenReports' openreports.io Report, or both.
 */
public enum ReportFormat {
    WGPOLICYK8S, OPENREPORTS, BOTH;

    /** The configured format; an unknown value throws with a one-line message naming the setting. */
    public static ReportFormat of(ControllerConfig config) {
        return parse(config.reports().format());
    }

    static ReportFormat parse(String value) {
        String normalized = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (format.name().equals(normalized)) {
                return format;
            }
        }
        throw new IllegalArgumentException("ballast.reports.format (BALLAST_REPORTS_FORMAT) is \"" + value
                + "\"; use wgpolicyk8s, openreports or both");
    }

    public boolean writesWgPolicyK8s() {
        return this != OPENREPORTS;
    }

    public boolean writesOpenReports() {
        return this != WGPOLICYK8S;
    }
}
