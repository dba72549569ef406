package dev.ballast.report;

import java.io.IOException;

/** Writes an audit result in one output format. Implementations are pure: the result in, text out. */
public interface AuditRenderer {
    void render(AuditResult result, Appendable out) throws IOException;
}
