package dev.ballast.report;

import java.io.IOException;

/** GitHub-flavoured Markdown: a summary table and a findings table, ready to paste into a pull request. */
public final class MarkdownAuditRenderer implements AuditRenderer {
    @Override
    public void render(AuditResult result, Appendable out) throws IOException {
        var s = result.score();
        out.append("## Ballast audit\n\n");
        out.append("| Workloads | Passed | Failed | Skipped | Score |\n|---:|---:|---:|---:|---:|\n");
        out.append(String.format("| %d | %d | %d | %d | %d |%n%n", s.objects(), s.passed(), s.failed(), s.skipped(), s.score()));
        for (String warning : result.warnings()) {
            out.append("> **Warning:** ").append(cell(warning)).append("\n\n");
        }
        if (result.rows().isEmpty()) {
            out.append("No findings.\n");
            return;
        }
        out.append("| Result | Severity | Rule | Object | Container | Message | Field | Location |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (FindingRow r : result.rows()) {
            out.append("| ").append(r.result().id())
                    .append(" | ").append(r.severity().id())
                    .append(" | `").append(r.rule().id()).append('`')
                    .append(" | ").append(cell(r.object()))
                    .append(" | ").append(r.container() == null ? "" : cell(r.container()))
                    .append(" | ").append(cell(r.message()))
                    .append(" | ").append(r.field() == null ? "" : "`" + r.field().replace("`", "'") + "`")
                    .append(" | ").append(r.file() == null ? "" : cell(r.file() + ":" + r.line()))
                    .append(" |\n");
        }
    }

    static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;");
    }
}
