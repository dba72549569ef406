package dev.ballast.report.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * `make bench` (report part): a 10,000-workload report built from real engine results, rendered as HTML, JSON and
 * Markdown (median of 7 after 3 warm-ups); then the HTML page in headless Chromium: time to the first table page,
 * and how long a filter change and a sort take to redraw (measured inside the page with performance.now()).
 */
public final class ReportBench {
    public static void main(String[] args) {
        dev.ballast.bench.BenchMain.run(args, ReportBench::run);
    }

    static void run(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/report.md");
        int workloads = 10_000;
        StringBuilder report = new StringBuilder("# Report benchmark\nmachine: " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "\n");
        var results = List.of(ReportFixture.results(workloads));
        ClusterReport model = ClusterReportBuilder.build(ReportFixture.CLUSTER, ReportFixture.AT, results);
        long findings = model.workloads().stream().mapToLong(w -> w.findings().size()).sum();
        report.append("%d workloads, %d findings%n".formatted(workloads, findings));
        report.append(time("build the model from the evaluations", () -> ClusterReportBuilder.build(ReportFixture.CLUSTER, ReportFixture.AT, results)));
        report.append(time("render HTML", () -> HtmlReportRenderer.render(model)));
        report.append(time("render JSON", () -> JsonReportRenderer.render(model)));
        report.append(time("render Markdown", () -> MarkdownReportRenderer.render(model)));
        String html = HtmlReportRenderer.render(model);
        report.append("HTML size %.1f MB%n".formatted(html.getBytes(StandardCharsets.UTF_8).length / 1e6));

        Path page = Path.of("target/bench/report-10k.html").toAbsolutePath();
        Files.createDirectories(page.getParent());
        Files.writeString(page, html);
        ChromeDriver browser = ReportPageBrowserIT.launch(Path.of("target/bench/chromium-profile"));
        try {
            JavascriptExecutor js = browser;
            long t0 = System.nanoTime();
            browser.get(page.toUri().toString());
            Object status = js.executeScript("return document.getElementById('findings-status').textContent");
            report.append("Chromium: page loaded and first 50 rows drawn in %.0f ms (%s)%n".formatted((System.nanoTime() - t0) / 1e6, status));
            List<Double> filter = new ArrayList<>();
            List<Double> sort = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                filter.add(((Number) js.executeScript("""
                        var s = document.getElementById('f-severity'); var t = performance.now();
                        s.value = arguments[0]; s.dispatchEvent(new Event('change')); return performance.now() - t;""",
                        i % 2 == 0 ? "high" : "")).doubleValue());
                sort.add(((Number) js.executeScript("""
                        var t = performance.now(); document.querySelector('#findings th[data-key=workload] button').click();
                        return performance.now() - t;""")).doubleValue());
            }
            Collections.sort(filter);
            Collections.sort(sort);
            report.append("Chromium: filter change redraw median %.1f ms (max %.1f), sort redraw median %.1f ms (max %.1f) over %d findings%n"
                    .formatted(filter.get(2), filter.get(4), sort.get(2), sort.get(4), findings));
        } finally {
            browser.quit();
        }
        Files.writeString(out, report);
        System.out.print(report);
    }

    private static String time(String what, Supplier<Object> work) {
        for (int i = 0; i < 3; i++) {
            work.get();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            work.get();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return "%s: median %.0f ms (min %.0f, max %.0f)%n".formatted(what, ms.get(3), ms.get(0), ms.get(6));
    }
}
