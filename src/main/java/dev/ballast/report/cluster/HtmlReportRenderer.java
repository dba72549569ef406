package dev.ballast.report.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import dev.ballast.rules.catalog.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /report}: one self-contained page. Styles and script are inlined from resources next to this class; a
 * Content-Security-Policy forbids every other origin, so the page works offline and leaks nothing. Findings are
 * embedded as JSON and drawn 50 rows at a time by the script (filter, sort, page), so 10,000 workloads stay usable.
 */
public final class HtmlReportRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");
    private static final int CHART_NAMESPACES = 15;

    private HtmlReportRenderer() {
    }

    public static String render(ClusterReport report) {
        var t = report.summary();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
                .append("script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>Ballast report · score ").append(t.score()).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>Ballast cluster report</h1>\n<p class=\"meta\">Cluster <code>").append(esc(report.cluster().server()))
                .append("</code> (").append(esc(report.cluster().version())).append(") · generated <time datetime=\"")
                .append(esc(report.generatedAt())).append("\">").append(esc(report.generatedAt())).append("</time></p>\n</header>\n<main>\n");

        h.append("<ul class=\"cards\" aria-label=\"Summary\">\n");
        card(h, String.valueOf(t.score()), "overall score", "score");
        card(h, t.compliant() + " / " + t.workloads(), t.workloads() == 1 ? "workload compliant" : "workloads compliant", "compliant");
        t.violations().forEach((severity, count) -> card(h, String.valueOf(count),
                severity + (count == 1 ? " violation" : " violations"), "sev-" + severity));
        h.append("</ul>\n");

        h.append("<section aria-labelledby=\"h-policies\">\n<h2 id=\"h-policies\">Policies</h2>\n");
        table(h, "policies", "Score per policy, lowest first", 2,
                List.of("Policy", "Mode", "Score", "Workloads", "Failed", "Passed", "Skipped", "Critical", "High", "Medium", "Low"),
                report.policies().stream().map(p -> row(List.of(p.name(), p.mode()), List.of(p.score(), p.workloads(), p.failed(),
                        p.passed(), p.skipped()), p.violations())).toList());
        h.append("</section>\n");

        h.append("<section aria-labelledby=\"h-namespaces\">\n<h2 id=\"h-namespaces\">Namespaces</h2>\n");
        chart(h, report.namespaces());
        boolean many = report.namespaces().size() > 30;
        h.append(many ? "<details>\n<summary>All " + report.namespaces().size() + " namespaces</summary>\n" : "");
        table(h, "namespaces", "Score per namespace, lowest first", 1,
                List.of("Namespace", "Score", "Workloads", "Failed", "Passed", "Skipped", "Critical", "High", "Medium", "Low"),
                report.namespaces().stream().map(n -> row(List.of(n.name()), List.of(n.score(), n.workloads(), n.failed(),
                        n.passed(), n.skipped()), n.violations())).toList());
        h.append(many ? "</details>\n" : "").append("</section>\n");

        findings(h, report);

        h.append("<section aria-labelledby=\"h-runtime\">\n<h2 id=\"h-runtime\">Runtime</h2>\n");
        table(h, "runtime", "Crash loops, OOM kills and Go fatal errors, next to the findings that explain them", 5,
                List.of("Namespace", "Workload", "Rule", "What happened", "Explained by"),
                report.runtime().stream().flatMap(r -> r.failures().stream().map(f -> List.of(esc(r.namespace()),
                        esc(r.kind() + "/" + r.name()), "<code>" + esc(f.rule()) + "</code>", esc(f.message()),
                        r.explainedBy().stream().map(c -> "<div><code>" + esc(c.rule()) + "</code>: " + esc(c.message()) + "</div>")
                                .collect(Collectors.joining())))).toList());
        h.append("</section>\n");

        h.append("<section aria-labelledby=\"h-remediations\">\n<h2 id=\"h-remediations\">Recent HPA remediations</h2>\n");
        if (report.remediations().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            table(h, "remediations", "CPU targets Ballast lowered, newest first", 5, List.of("Time", "Policy", "Namespace", "HPA", "CPU target"),
                    report.remediations().stream().map(r -> List.of(esc(r.time()), esc(r.policy()), esc(r.namespace()), esc(r.name()),
                            r.from() + "% → " + r.to() + "%")).toList());
        }
        h.append("</section>\n</main>\n<footer>Scores are floor(100 × passed ÷ (passed + failed)) over (workload, rule) pairs. "
                + "JSON and Markdown: <code>/report.json</code>, <code>/report.md</code>.</footer>\n");
        h.append("<script>\n").append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void findings(StringBuilder h, ClusterReport report) {
        List<List<String>> data = new ArrayList<>();
        for (var w : report.workloads()) {
            for (var f : w.findings()) {
                data.add(Arrays.asList(f.severity(), f.result(), w.namespace(), w.kind() + "/" + w.name(), f.container(),
                        f.rule(), f.policy(), f.field(), f.message(), f.fix()));
            }
        }
        h.append("<section aria-labelledby=\"h-findings\">\n<h2 id=\"h-findings\">Violations and exemptions</h2>\n")
                .append("<div class=\"filters\" role=\"search\">\n");
        select(h, "policy", "Policy", List.of());
        select(h, "namespace", "Namespace", List.of());
        select(h, "rule", "Rule", List.of());
        select(h, "severity", "Severity", Arrays.stream(Severity.values()).map(Severity::id).toList());
        select(h, "result", "Result", List.of());
        h.append("<label for=\"f-text\">Search<input type=\"search\" id=\"f-text\" placeholder=\"workload, field, message\"></label>\n</div>\n")
                .append("<p id=\"findings-status\" role=\"status\" aria-live=\"polite\"></p>\n<div class=\"scroll\">\n")
                .append("<table id=\"findings\">\n<caption>Every failing or exempted check; filter, sort by a column, page through</caption>\n<thead><tr>");
        // result, container and policy are drawn under severity, workload and rule: fewer, wider columns
        String[][] columns = {{"severity", "Severity"}, {"namespace", "Namespace"}, {"workload", "Workload"}, {"rule", "Rule"},
                {"field", "Field to fix"}, {"message", "Problem"}, {"fix", "How to fix"}};
        for (String[] c : columns) {
            h.append("<th scope=\"col\" class=\"c-").append(c[0]).append("\" data-key=\"").append(c[0])
                    .append("\" aria-sort=\"none\"><button type=\"button\">")
                    .append(c[1]).append("</button></th>");
        }
        h.append("</tr></thead>\n<tbody id=\"findings-body\"></tbody>\n</table>\n</div>\n<div class=\"pager\">")
                .append("<button type=\"button\" id=\"page-prev\">Previous</button><button type=\"button\" id=\"page-next\">Next</button></div>\n")
                .append("<script type=\"application/json\" id=\"findings-data\">").append(scriptSafeJson(data)).append("</script>\n</section>\n");
    }

    private static void select(StringBuilder h, String key, String label, List<String> options) {
        h.append("<label for=\"f-").append(key).append("\">").append(label).append("<select id=\"f-").append(key)
                .append("\"><option value=\"\">All</option>");
        options.forEach(o -> h.append("<option value=\"").append(o).append("\">").append(o).append("</option>"));
        h.append("</select></label>\n");
    }

    /** Horizontal bars: the lowest-scoring namespaces, each labelled with its name and score. */
    private static void chart(StringBuilder h, List<ClusterReport.NamespaceRow> namespaces) {
        List<ClusterReport.NamespaceRow> shown = namespaces.subList(0, Math.min(CHART_NAMESPACES, namespaces.size()));
        if (shown.isEmpty()) {
            h.append("<p>No workloads evaluated.</p>\n");
            return;
        }
        int bar = 22;
        int height = shown.size() * bar + 10;
        h.append("<figure>\n<svg role=\"img\" aria-labelledby=\"chart-title\" width=\"720\" height=\"").append(height)
                .append("\" viewBox=\"0 0 720 ").append(height).append("\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"chart-title\">")
                .append("Score by namespace, the ").append(shown.size()).append(" lowest</title>\n");
        for (int i = 0; i < shown.size(); i++) {
            var n = shown.get(i);
            int y = 5 + i * bar;
            String color = n.score() >= 90 ? "#1f6f3c" : n.score() >= 70 ? "#6e5600" : "#8f1d1d";
            h.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\" fill=\"#1b1f24\">").append(esc(truncate(n.name(), 28)))
                    .append("</text><rect x=\"220\" y=\"").append(y + 2).append("\" width=\"").append(Math.max(1, n.score() * 4))
                    .append("\" height=\"16\" fill=\"").append(color).append("\"/><text x=\"").append(226 + n.score() * 4).append("\" y=\"")
                    .append(y + 15).append("\" font-size=\"13\" fill=\"#1b1f24\">").append(n.score()).append("</text>\n");
        }
        h.append("</svg>\n<figcaption>Score by namespace (lowest ").append(shown.size()).append(" of ").append(namespaces.size())
                .append(")</figcaption>\n</figure>\n");
    }

    private static List<String> row(List<String> text, List<Integer> numbers, Map<String, Integer> violations) {
        List<String> cells = new ArrayList<>();
        text.forEach(s -> cells.add(esc(s)));
        numbers.forEach(n -> cells.add(String.valueOf(n)));
        violations.values().forEach(v -> cells.add(String.valueOf(v)));
        return cells;
    }

    /** Cells are already escaped; the columns after the first {@code textColumns} are numbers, right-aligned. */
    private static void table(StringBuilder h, String id, String caption, int textColumns, List<String> header,
                              List<List<String>> rows) {
        if (rows.isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table id=\"").append(id).append("\">\n<caption>").append(caption).append("</caption>\n<thead><tr>");
        for (int i = 0; i < header.size(); i++) {
            h.append("<th scope=\"col\"").append(i >= textColumns ? " class=\"num\"" : "").append('>').append(header.get(i)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                if (i == 0) {
                    h.append("<th scope=\"row\">").append(row.get(i)).append("</th>");
                } else {
                    h.append(i >= textColumns ? "<td class=\"num\">" : "<td>").append(row.get(i)).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void card(StringBuilder h, String value, String label, String className) {
        h.append("<li class=\"").append(className).append("\"><span class=\"value\">").append(esc(value))
                .append("</span><span class=\"label\">").append(esc(label)).append("</span></li>\n");
    }

    /** JSON inside a script element: "<" escaped so no value can close the element or open a comment. */
    static String scriptSafeJson(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report rows", e);
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReportRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing from the build: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read report resource " + name, e);
        }
    }
}
