package dev.ballast.report.cluster;

import dev.ballast.report.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code /report.md}: GitHub-flavoured Markdown for a ticket or a pull request. Cells are escaped (pipes,
 * line breaks, HTML); the violation table stops at {@link #MAX_ROWS} rows and says how many it left out.
 */
public final class MarkdownReportRenderer {
    static final int MAX_ROWS = 500;
    private static final int FIELD_COLUMN = 7;

    private MarkdownReportRenderer() {
    }

    public static String render(ClusterReport report) {
        StringBuilder md = new StringBuilder();
        var t = report.summary();
        md.append("# Ballast cluster report\n\n");
        md.append("Cluster ").append(cell(report.cluster().server())).append(" (").append(cell(report.cluster().version()))
                .append("), generated ").append(report.generatedAt()).append(".\n\n");
        md.append("**Score ").append(t.score()).append("** · ").append(t.compliant()).append(" of ")
                .append(Plural.of(t.workloads(), "workload")).append(" compliant · ").append(t.failed()).append(" failed, ").append(t.passed()).append(" passed, ")
                .append(t.skipped()).append(" skipped checks · violations: ").append(severities(t.violations())).append("\n\n");

        md.append("## Policies\n\n");
        table(md, List.of("Policy", "Mode", "Score", "Workloads", "Failed", "Passed", "Skipped", "Critical", "High", "Medium", "Low"),
                report.policies().stream().map(p -> concat(List.of(p.name(), p.mode(), String.valueOf(p.score()),
                        String.valueOf(p.workloads()), String.valueOf(p.failed()), String.valueOf(p.passed()),
                        String.valueOf(p.skipped())), p.violations())).toList());

        md.append("## Namespaces\n\n");
        table(md, List.of("Namespace", "Score", "Workloads", "Failed", "Passed", "Skipped", "Critical", "High", "Medium", "Low"),
                report.namespaces().stream().map(n -> concat(List.of(n.name(), String.valueOf(n.score()),
                        String.valueOf(n.workloads()), String.valueOf(n.failed()), String.valueOf(n.passed()),
                        String.valueOf(n.skipped())), n.violations())).toList());

        md.append("## Violations and exemptions\n\n");
        List<List<String>> rows = new ArrayList<>();
        int total = 0;
        for (var w : report.workloads()) {
            for (var f : w.findings()) {
                total++;
                if (rows.size() < MAX_ROWS) {
                    rows.add(Arrays.asList(f.severity(), f.result(), w.namespace(), w.kind() + "/" + w.name(),
                            f.container(), f.rule(), f.policy(), f.field(), f.message(), f.fix()));
                }
            }
        }
        if (rows.isEmpty()) {
            md.append("None.\n\n");
        } else {
            table(md, List.of("Severity", "Result", "Namespace", "Workload", "Container", "Rule", "Policy", "Field", "Message", "How to fix"),
                    rows, FIELD_COLUMN);
            if (total > rows.size()) {
                md.append("_").append(total - rows.size()).append(" more not shown; the JSON report has all ").append(total).append("._\n\n");
            }
        }

        md.append("## Runtime\n\n");
        table(md, List.of("Namespace", "Workload", "Rule", "What happened", "Explained by"),
                report.runtime().stream().flatMap(r -> r.lines().stream()).toList());

        md.append("## Recent HPA remediations\n\n");
        if (report.remediations().isEmpty()) {
            md.append("None.\n");
        } else {
            table(md, List.of("Time", "Policy", "Namespace", "HPA", "CPU target"), report.remediations().stream()
                    .map(r -> List.of(String.valueOf(r.time()), r.policy(), r.namespace(), r.name(), r.from() + "% → " + r.to() + "%"))
                    .toList());
        }
        return md.toString();
    }

    private static List<String> concat(List<String> head, Map<String, Integer> violations) {
        List<String> row = new ArrayList<>(head);
        violations.values().forEach(v -> row.add(String.valueOf(v)));
        return row;
    }

    private static String severities(Map<String, Integer> violations) {
        StringBuilder s = new StringBuilder();
        violations.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return s.toString();
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        table(md, header, rows, -1);
    }

    /** Every cell escaped with {@link #cell}; the one at {@code codeColumn} (if any) rendered as inline code. */
    private static void table(StringBuilder md, List<String> header, List<List<String>> rows, int codeColumn) {
        if (rows.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        md.append('|');
        header.forEach(h -> md.append(' ').append(h).append(" |"));
        md.append("\n|");
        header.forEach(h -> md.append(" --- |"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append('|');
            for (int i = 0; i < row.size(); i++) {
                md.append(' ').append(i == codeColumn ? code(row.get(i)) : cell(row.get(i))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** Inline code in a table cell: backticks cannot end it early, pipes cannot end the cell. */
    static String code(String s) {
        return s == null || s.isEmpty() ? "" : "`" + s.replace("`", "'").replace("|", "\\|") + "`";
    }

    /** A table cell: no line breaks, pipes escaped, HTML defused, Markdown emphasis characters left inert. */
    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`");
    }
}
