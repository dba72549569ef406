package dev.ballast.report;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import java.io.IOException;
import java.util.stream.Collectors;

/** JUnit XML: a testsuite per (policy, workload), a testcase per rule; failures and skips carry the messages. */
public final class JunitAuditRenderer implements AuditRenderer {
    @Override
    public void render(AuditResult result, Appendable out) throws IOException {
        var s = result.score();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuites name=\"ballast audit\" tests=\"").append(String.valueOf(s.passed() + s.failed() + s.skipped()))
                .append("\" failures=\"").append(String.valueOf(s.failed()))
                .append("\" skipped=\"").append(String.valueOf(s.skipped())).append("\">\n");
        for (Evaluation e : result.evaluations()) {
            String suite = e.policy() + ": " + e.subject().display();
            out.append("  <testsuite name=\"").append(xml(suite))
                    .append("\" tests=\"").append(String.valueOf(e.results().size()))
                    .append("\" failures=\"").append(String.valueOf(e.count(Result.FAIL)))
                    .append("\" skipped=\"").append(String.valueOf(e.count(Result.SKIP)));
            if (e.subject().source().file() != null) {
                out.append("\" file=\"").append(xml(e.subject().source().file()));
            }
            out.append("\">\n");
            for (RuleResult r : e.results()) {
                out.append("    <testcase classname=\"").append(xml(suite)).append("\" name=\"").append(r.rule().id()).append('"');
                String messages = r.findings().stream().map(Finding::message).collect(Collectors.joining("\n"));
                switch (r.result()) {
                    case PASS -> out.append("/>\n");
                    case SKIP -> out.append(">\n      <skipped message=\"").append(xml(messages)).append("\"/>\n    </testcase>\n");
                    case FAIL -> out.append(">\n      <failure type=\"").append(r.severity().id())
                            .append("\" message=\"").append(xml(r.rule().title())).append("\">")
                            .append(xml(messages)).append("</failure>\n    </testcase>\n");
                }
            }
            out.append("  </testsuite>\n");
        }
        out.append("</testsuites>\n");
    }

    private static String xml(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
