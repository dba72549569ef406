package dev.ballast.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The HTML report in Debian's headless Chromium, served from loopback: no console errors, no request leaving the
 * page's origin, and filtering, sorting and paging work when driven like a user. A screenshot is kept in
 * target/report-browser/, and the findings table is measured for readability at three widths. 3,000 workloads, so paging and the filters have real work to do.
 */
class ReportPageBrowserIT {
    static final Path OUT = Path.of("target/report-browser");
    static final ClusterReport REPORT = ReportFixture.report(3000);
    static HttpServer server;
    static ChromeDriver browser;
    static String origin;
    static final List<String> served = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        Files.createDirectories(OUT);
        byte[] page = HtmlReportRenderer.render(REPORT).getBytes(StandardCharsets.UTF_8);
        Files.write(OUT.resolve("report.html"), page);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            served.add(exchange.getRequestURI().getPath());
            boolean report = exchange.getRequestURI().getPath().equals("/report");
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(report ? 200 : 404, report ? page.length : -1);
            if (report) {
                exchange.getResponseBody().write(page);
            }
            exchange.close();
        });
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        browser = launch(OUT.resolve("chromium-profile"));
    }

    @BeforeEach
    void load() {
        browser.get(origin + "/report");
        awaitStatus("Showing 1–50 of");
    }

    /** Debian's chromium and chromedriver (installed by .ci/run), never a downloaded browser. */
    static ChromeDriver launch(Path profile) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertThat(chromium).as("Debian's chromium (apt-get install chromium chromium-driver)").isExecutable();
        assertThat(driver).as("Debian's chromedriver (apt-get install chromium-driver)").isExecutable();
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,900", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void close() throws Exception {
        if (browser != null) {
            Files.write(OUT.resolve("report.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    static void awaitStatus(String prefix) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> status().startsWith(prefix));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("status \"" + status() + "\" never started with \"" + prefix + "\"");
        }
    }

    static String status() {
        return browser.findElement(By.id("findings-status")).getText();
    }

    static List<String> column(int index) {
        return browser.findElements(By.cssSelector("#findings-body tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).get(index).getText()).toList();
    }

    static long findings(java.util.function.Predicate<ClusterReport.FindingEntry> which) {
        return REPORT.workloads().stream().flatMap(w -> w.findings().stream()).filter(which).count();
    }

    /**
     * A report from a cluster whose Pods crash: the Runtime section lists each crash next to the findings that explain
     * it, readable at a laptop's width (target/report-browser/runtime-1366.png).
     */
    @Test
    void theRuntimeSectionShowsEachCrashNextToWhatExplainsIt() throws Exception {
        ClusterReport crashing = ReportFixture.withRuntime(300);
        assertThat(crashing.runtime()).hasSizeGreaterThan(40);
        Path page = OUT.resolve("runtime.html");
        Files.writeString(page, HtmlReportRenderer.render(crashing));
        browser.get(page.toUri().toString());
        WebElement section = browser.findElement(By.id("h-runtime"));
        browser.executeScript("arguments[0].scrollIntoView()", section);
        Files.write(OUT.resolve("runtime-1366.png"), browser.getScreenshotAs(OutputType.BYTES));
        List<WebElement> rows = browser.findElements(By.cssSelector("#runtime tbody tr"));
        assertThat(rows).isNotEmpty();
        String text = rows.stream().map(WebElement::getText).reduce("", (a, b) -> a + "\n" + b);
        assertThat(text).contains("oom-killed").contains("crash-looping").contains("go-runtime-fatal")
                .contains("concurrent map writes").contains("memory-limit-not-equal-request");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).isEmpty();
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> width = (java.util.Map<String, Object>) browser.executeScript(
                "return {page: document.documentElement.scrollWidth, viewport: window.innerWidth};");
        assertThat(((Number) width.get("page")).doubleValue()).as("no horizontal page scroll")
                .isLessThanOrEqualTo(((Number) width.get("viewport")).doubleValue());
        browser.manage().logs().get(LogType.PERFORMANCE); // this file's requests are not the served page's
    }

    @Test
    void loadsWithNoConsoleErrorsAndNoRequestLeavingItsOrigin() {
        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console).filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).isEmpty();
        List<String> urls = browser.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("\"Network.requestWillBeSent\""))
                .map(m -> m.replaceAll("(?s).*\"request\":\\{.*?\"url\":\"([^\"]*)\".*", "$1")).toList();
        // chrome:// pages are the browser's own (its new-tab page), not requests the report makes
        List<String> network = urls.stream().filter(u -> !u.startsWith("chrome://") && !u.startsWith("data:")).toList();
        assertThat(network).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(origin + "/"));
        assertThat(served).isNotEmpty().containsOnly("/report");
        assertThat(status()).isEqualTo("Showing 1–50 of " + findings(f -> true) + " findings (page 1 of "
                + (findings(f -> true) + 49) / 50 + ")");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ballast cluster report");
    }

    @Test
    void filtersBySeverityRuleAndTypedText() {
        Select severity = new Select(browser.findElement(By.id("f-severity")));
        severity.selectByValue("high");
        awaitStatus("Showing 1–50 of " + findings(f -> f.severity().equals("high")) + " ");
        assertThat(column(0)).isNotEmpty().allMatch("HIGH"::equalsIgnoreCase);
        severity.selectByValue("");

        new Select(browser.findElement(By.id("f-rule"))).selectByValue("probe-timeout");
        new Select(browser.findElement(By.id("f-result"))).selectByValue("skip");
        long skipped = findings(f -> f.rule().equals("probe-timeout") && f.result().equals("skip"));
        awaitStatus("Showing 1–" + Math.min(50, skipped) + " of " + skipped + " ");
        assertThat(column(5)).allSatisfy(m -> assertThat(m).contains("legacy | <b>batch</b>"));
        assertThat(column(0)).allSatisfy(s -> assertThat(s).isEqualToIgnoringCase("medium\nexempted"));
        new Select(browser.findElement(By.id("f-rule"))).selectByValue("");
        new Select(browser.findElement(By.id("f-result"))).selectByValue("");

        WebElement search = browser.findElement(By.id("f-text"));
        search.sendKeys("web-1230");
        awaitStatus("Showing 1–");
        assertThat(column(2)).hasSize(2).allMatch(w -> w.equals("Deployment/web-1230\ncontainer app"));
        search.clear();
        search.sendKeys("web-2997");
        awaitStatus("Showing 1–1 of 1 finding (page 1 of 1)");
        search.clear();
        search.sendKeys(" ");
        search.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
        awaitStatus("Showing 1–50 of " + findings(f -> true) + " ");
    }

    /** Per-row measurements of the findings table, taken in the page: heights, line boxes, right edges. */
    static final String MEASURE = """
            var rows = Array.from(document.querySelectorAll('#findings-body tr'));
            var linesOf = function (e) {
              return Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight));
            };
            var lines = function (sel) { return rows.map(function (r) { return linesOf(r.querySelector(sel)); }); };
            var scroller = document.querySelector('#findings').parentElement;
            var measured = {
              rowHeights: rows.map(function (r) { return r.getBoundingClientRect().height; }),
              ruleLines: lines('td.c-rule code'), fieldLines: lines('td.c-field code'),
              fixRight: Math.max.apply(null, rows.map(function (r) { return r.querySelector('td.c-fix').getBoundingClientRect().right; })),
              fixWidth: Math.min.apply(null, rows.map(function (r) { return r.querySelector('td.c-fix').getBoundingClientRect().width; })),
              viewport: document.documentElement.clientWidth, pageWidth: document.documentElement.scrollWidth,
              tableOverflow: scroller.scrollWidth - scroller.clientWidth
            };
            var longest = document.querySelector('#findings-body td.c-rule code');
            longest.textContent = arguments[0];
            measured.longestRuleLines = linesOf(longest);
            return measured;
            """;

    /**
     * Readable at desktop widths like a dashboard: rows a few lines tall, rule IDs and fields wrapping only at their
     * hyphens and dots (the longest rule ID in at most two lines), the remedy column inside the viewport with no
     * horizontal scroll anywhere; at 800 px each finding is a card with the same fields. Screenshots in
     * target/report-browser/findings-WIDTH.png.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} px")
    @org.junit.jupiter.params.provider.CsvSource({"1400, 3, 110", "1920, 2, 80", "800, 1, 320"})
    void findingsTableIsReadable(int width, int maxFieldLines, double maxRowHeight) throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
        try {
            browser.get(origin + "/report");
            awaitStatus("Showing 1–50 of");
            browser.executeScript("document.getElementById('h-findings').scrollIntoView()");
            Files.write(OUT.resolve("findings-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            String longestRule = java.util.Arrays.stream(dev.ballast.rules.catalog.RuleId.values()).map(r -> r.id())
                    .max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> m = (java.util.Map<String, Object>) browser.executeScript(MEASURE, longestRule);
            assertThat((List<?>) m.get("rowHeights")).as("row heights at %d px", width).hasSize(50)
                    .allSatisfy(h -> assertThat(((Number) h).doubleValue()).isLessThan(maxRowHeight));
            assertThat((List<?>) m.get("ruleLines")).as("rule ID lines").allSatisfy(n -> assertThat(((Number) n).intValue()).isEqualTo(1));
            assertThat(((Number) m.get("longestRuleLines")).intValue()).as("lines of " + longestRule).isLessThanOrEqualTo(2);
            assertThat((List<?>) m.get("fieldLines")).as("field lines").allSatisfy(n -> assertThat(((Number) n).intValue())
                    .isBetween(1, maxFieldLines));
            double viewport = ((Number) m.get("viewport")).doubleValue();
            assertThat(((Number) m.get("fixRight")).doubleValue()).as("How to fix inside the viewport").isLessThanOrEqualTo(viewport);
            assertThat(((Number) m.get("fixWidth")).doubleValue()).as("How to fix column width").isGreaterThan(150);
            assertThat(((Number) m.get("pageWidth")).doubleValue()).as("no horizontal page scroll").isLessThanOrEqualTo(viewport);
            assertThat(((Number) m.get("tableOverflow")).doubleValue()).as("no nested horizontal scroll").isLessThanOrEqualTo(0);
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
        }
    }

    @Test
    void sortsByAColumnBothWaysAndPages() {
        WebElement namespaceHeader = browser.findElement(By.cssSelector("#findings th[data-key=namespace]"));
        namespaceHeader.findElement(By.tagName("button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "ascending".equals(namespaceHeader.getAttribute("aria-sort")));
        assertThat(column(1)).isNotEmpty().allMatch("team-0"::equals);
        List<Integer> numbers = column(2).stream().map(w -> Integer.parseInt(w.replaceAll("\\D", ""))).toList();
        assertThat(numbers).as("workloads numbered as people count (web-20 before web-100)").isSorted().contains(20, 100);
        namespaceHeader.findElement(By.tagName("button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "descending".equals(namespaceHeader.getAttribute("aria-sort")));
        assertThat(column(1)).isNotEmpty().allMatch("team-9"::equals);

        browser.findElement(By.id("page-next")).click();
        awaitStatus("Showing 51–100 of");
        assertThat(browser.findElement(By.id("page-prev")).isEnabled()).isTrue();
        browser.findElement(By.id("page-prev")).click();
        awaitStatus("Showing 1–50 of");
    }
}
