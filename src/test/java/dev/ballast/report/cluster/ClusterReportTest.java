package dev.ballast.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.kube.ContextMapper;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import dev.ballast.rules.PolicyFixture;
import dev.ballast.rules.Rules;
import dev.ballast.rules.WorkloadFixture;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.rules.model.NamespaceView;
import java.util.Map;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.model.SourceRef;

class ClusterReportTest {
    static final ClusterReport REPORT = ReportFixture.report(100);

    @Test
    void severitiesAddUpToFailedWhenOneRuleFailsSeveralTimesOnAWorkload() throws Exception {
        String hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: %s, namespace: shop}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}\n";
        var yaml = new ObjectMapper(new YAMLFactory());
        var hpas = List.of(ContextMapper.hpa(yaml.readTree(hpa.formatted("a")), SourceRef.NONE),
                ContextMapper.hpa(yaml.readTree(hpa.formatted("b")), SourceRef.NONE));
        var twoSlowContainers = WorkloadFixture.compliant()
                .set("spec.template.spec.containers[0].readinessProbe.timeoutSeconds", "30")
                .set("spec.template.spec.containers[1]", "{name: second, image: x, readinessProbe: {httpGet: {path: /readyz, port: 1},"
                        + " timeoutSeconds: 30, failureThreshold: 5}, resources: {requests: {memory: 1Gi, cpu: 100m}, limits: {memory: 1Gi}},"
                        + " securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}");
        var context = ClusterContext.of(List.of(new NamespaceView("shop", Map.of())), List.of(), hpas);
        var evaluation = Rules.evaluator().evaluate(PolicyFixture.withoutMtls(), twoSlowContainers.workload(), context).orElseThrow();
        var report = ClusterReportBuilder.build(ReportFixture.CLUSTER, ReportFixture.AT,
                List.of(new ClusterReportBuilder.PolicyResults("p", "Audit", List.of(evaluation), List.of())));

        assertThat(report.summary().failed()).isEqualTo(2); // probe-timeout and hpa-cpu-target, once each
        assertThat(report.summary().violations().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        assertThat(report.policies()).singleElement().satisfies(p ->
                assertThat(p.violations().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(p.failed()));
    }

    @Test
    void countsAreWorkloadRulePairsAndViolationsAreBySeverity() {
        var t = REPORT.summary();
        assertThat(t.workloads()).isEqualTo(100);
        // 34 workloads with timeout 30, 5 of them exempted (i % 21 == 0): 29 probe-timeout failures (medium);
        // 20 workloads with runAsNonRoot false: 20 run-as-non-root failures (high)
        assertThat(t.violations()).containsExactly(java.util.Map.entry("critical", 0), java.util.Map.entry("high", 20),
                java.util.Map.entry("medium", 29), java.util.Map.entry("low", 0));
        assertThat(t.failed()).isEqualTo(49);
        assertThat(t.score()).isEqualTo(100 * t.passed() / (t.passed() + t.failed()));
        assertThat(REPORT.namespaces()).hasSize(10);
        assertThat(REPORT.namespaces().stream().mapToInt(ClusterReport.NamespaceRow::failed).sum()).isEqualTo(49);
        assertThat(REPORT.policies()).singleElement().satisfies(p -> assertThat(p.failed()).isEqualTo(49));
        var first = REPORT.workloads().get(0);
        assertThat(first.score()).isLessThanOrEqualTo(REPORT.workloads().get(REPORT.workloads().size() - 1).score());
        var exempted = REPORT.workloads().stream().filter(w -> w.name().equals("web-21")).findFirst().orElseThrow();
        assertThat(exempted.findings()).anySatisfy(f -> {
            assertThat(f.result()).isEqualTo("skip");
            assertThat(f.rule()).isEqualTo("probe-timeout");
            assertThat(f.message()).contains("legacy | <b>batch</b>");
            assertThat(f.fix()).isNull();
        });
        var failing = REPORT.workloads().stream().filter(w -> w.name().equals("web-3")).findFirst().orElseThrow();
        assertThat(failing.findings()).singleElement().satisfies(f -> {
            assertThat(f.field()).contains("readinessProbe.timeoutSeconds");
            assertThat(f.fix()).startsWith("Lower the probe's timeoutSeconds");
        });
    }

    @Test
    void markdownTablesAreValidGfmWithOneCellPerColumn() {
        String md = MarkdownReportRenderer.render(REPORT);
        Node document = Parser.builder().extensions(List.of(TablesExtension.create())).build().parse(md);
        List<TableBlock> tables = new java.util.ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock table) {
                    tables.add(table);
                }
                visitChildren(block);
            }
        });
        assertThat(tables).hasSize(4); // policies, namespaces, violations, remediations
        for (TableBlock table : tables) {
            List<Integer> widths = new java.util.ArrayList<>();
            table.accept(new AbstractVisitor() {
                @Override
                public void visit(CustomNode node) {
                    if (node instanceof TableRow) {
                        int cells = 0;
                        for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
                            cells += c instanceof TableCell ? 1 : 0;
                        }
                        widths.add(cells);
                    }
                    visitChildren(node);
                }
            });
            assertThat(widths).as("cells per row").hasSizeGreaterThan(1).containsOnly(widths.get(0));
        }
        assertThat(md).contains("legacy \\| &lt;b&gt;batch&lt;/b&gt;").doesNotContain("<b>");
        assertThat(tables.get(2).getFirstChild().getNext()).isNotNull();
    }

    @Test
    void markdownCapsTheViolationTableAndSaysHowManyItLeftOut() {
        String md = MarkdownReportRenderer.render(ReportFixture.report(3000));
        long rows = md.lines().filter(l -> l.startsWith("| medium") || l.startsWith("| high") || l.startsWith("| critical")
                || l.startsWith("| low")).count();
        assertThat(rows).isEqualTo(MarkdownReportRenderer.MAX_ROWS);
        assertThat(md).containsPattern("_\\d+ more not shown; the JSON report has all \\d+\\._");
    }

    @Test
    void htmlIsSelfContainedAndEscapesEveryValue() {
        String html = HtmlReportRenderer.render(REPORT);
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
        // no external resource: no src= or href= pointing anywhere but data:
        assertThat(Pattern.compile("(src|href)=\"(?!data:)").matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("<b>batch</b>").contains("\\u003cb>batch\\u003c/b>");
        assertThat(html).contains("<table id=\"policies\">").contains("<th scope=\"col\"").contains("<svg role=\"img\"");
        assertThat(HtmlReportRenderer.scriptSafeJson(List.of("</script><script>alert(1)</script>")))
                .doesNotContain("</script>").doesNotContain("<");
        assertThat(HtmlReportRenderer.esc("\"<&'>")).isEqualTo("&quot;&lt;&amp;&#39;&gt;");
    }

    @Test
    void countsOfOneReadInTheSingular() {
        ClusterReport one = ReportFixture.report(1); // web-0: runs as root (high), probe-timeout exempted
        assertThat(MarkdownReportRenderer.render(one)).contains("0 of 1 workload compliant").doesNotContain("1 workloads");
        assertThat(HtmlReportRenderer.render(one)).contains("<span class=\"value\">0 / 1</span><span class=\"label\">workload compliant</span>")
                .contains("<span class=\"value\">1</span><span class=\"label\">high violation</span>")
                .contains("<span class=\"value\">0</span><span class=\"label\">critical violations</span>");
    }

    @Test
    void jsonCarriesTheModel() throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(JsonReportRenderer.render(REPORT));
        assertThat(tree.path("summary").path("workloads").asInt()).isEqualTo(100);
        assertThat(tree.path("cluster").path("version").asText()).isEqualTo("v1.34.4");
        assertThat(tree.path("remediations").get(0).path("to").asInt()).isEqualTo(70);
        assertThat(tree.path("workloads").get(0).path("findings").get(0).has("severity")).isTrue();
    }
}
