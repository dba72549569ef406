package dev.ballast.cli;

import static dev.ballast.cli.AuditCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #13 item 5: files are parsed on several threads, and what comes out is what a file-by-file reading gives. */
class ParallelReadingTest {

    @Test
    void outcomesComeBackInItemOrderWhateverOrderTheyFinishIn() {
        List<Integer> items = IntStream.range(0, 40).boxed().toList();
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        OrderedWork<Integer, String> work = OrderedWork.start(items, i -> {
            sleepMillis(i % 3 == 0 ? 5 : 0); // later items overtake earlier ones
            ran.add(i);
            return "item " + i;
        }, 4, "test");
        List<String> values = work.outcomes().stream().map(OrderedWork.Outcome::get).toList();
        assertThat(values).containsExactlyElementsOf(items.stream().map(i -> "item " + i).toList());
        assertThat(ran).hasSize(40);
    }

    @Test
    void afterAFailureEveryEarlierItemRunsAndLaterOnesAreSkipped() {
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        CountDownLatch sevenFails = new CountDownLatch(1);
        OrderedWork<Integer, Integer> work = OrderedWork.start(items, i -> {
            if (i == 7) {
                sevenFails.countDown();
            }
            if (i == 7 || i == 150) {
                throw new InputException("item " + i + " is bad");
            }
            if (i > 7) { // a later item runs only after 7 failed, and slowly: however loaded the machine, some are skipped
                awaitQuietly(sevenFails);
            }
            return i;
        }, 2, "test");
        List<OrderedWork.Outcome<Integer>> outcomes = work.outcomes();
        for (int i = 0; i < 7; i++) {
            assertThat(outcomes.get(i).get()).isEqualTo(i);
        }
        assertThatThrownBy(() -> outcomes.get(7).get()).isInstanceOf(InputException.class).hasMessage("item 7 is bad");
        // the items the workers had already taken may have run; the rest were skipped, and none of them is reported
        assertThat(outcomes.subList(8, 200)).anyMatch(OrderedWork.Outcome::skipped);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
            Thread.sleep(1);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anErrorFromTheWorkIsRethrownAsItIs() {
        OrderedWork<Integer, Integer> work = OrderedWork.start(List.of(1, 2), i -> {
            throw new StackOverflowError("deep");
        }, 2, "test");
        assertThatThrownBy(() -> work.outcomes().get(0).get()).isInstanceOf(StackOverflowError.class).hasMessage("deep");
    }

    @Test
    void theWorkersAreBusyAtTheSameTime() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        OrderedWork<Integer, Boolean> work = OrderedWork.start(List.of(1, 2), i -> {
            both.countDown();
            try {
                return both.await(30, TimeUnit.SECONDS); // only true if the other item runs concurrently
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, 2, "test");
        assertThat(work.outcomes()).allMatch(OrderedWork.Outcome::get);
    }

    @Test
    void manyFilesGiveTheSameDocumentsInTheSameOrderAsOneByOne(@TempDir Path dir) throws Exception {
        List<String> inputs = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            StringBuilder yaml = new StringBuilder();
            for (int d = 0; d < 1 + f % 4; d++) {
                yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-").append(f).append('-').append(d)
                        .append(", namespace: ns}\ndata: {k: v}\n");
            }
            Path file = dir.resolve("file-%02d.yaml".formatted(f));
            Files.writeString(file, yaml);
            inputs.add(file.toString());
        }
        ManifestReader reader = new ManifestReader(new ByteArrayInputStream(new byte[0]), InputLimits.defaults(), false);
        List<String> fromDirectory = names(reader.read(List.of(dir.toString())));
        List<String> fileByFile = new ArrayList<>();
        for (String input : inputs) {
            fileByFile.addAll(names(reader.read(List.of(input))));
        }
        assertThat(fromDirectory).hasSize(73).containsExactlyElementsOf(fileByFile);
        assertThat(fromDirectory.get(0)).isEqualTo("file-00.yaml:2 cm-0-0");
        assertThat(fromDirectory.get(72)).isEqualTo("file-29.yaml:7 cm-29-1");
    }

    @Test
    void theFirstBadFileInOrderIsTheOneReported(@TempDir Path dir) throws Exception {
        for (int f = 0; f < 20; f++) {
            Files.writeString(dir.resolve("file-%02d.yaml".formatted(f)), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c"
                    + f + "}\n");
        }
        Files.writeString(dir.resolve("file-05.yaml"), "kind: ConfigMap\nkind: Secret\n");
        Files.writeString(dir.resolve("file-17.yaml"), "a: [\n");
        for (int i = 0; i < 5; i++) {
            AuditCommandTest.Run r = run("audit", "-f", dir.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("ballast audit: error: " + dir.resolve("file-05.yaml")
                    + ":2: duplicate key \"kind\" (first at line 1); is a --- missing between two documents?\n");
        }
    }

    /**
     * Objects are mapped to engine views on the reading threads, but as before every file is parsed before any object
     * is judged: a YAML error in a later file wins over an unreadable object in an earlier one, and of two unreadable
     * objects the first in input order is reported.
     */
    @Test
    void objectsMappedWhileReadingReportTheirErrorsInTheOldOrder(@TempDir Path dir) throws Exception {
        String unreadable = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: t%d}\nspec:\n  template:\n    spec:\n"
                + "      containers: [{name: c, readinessProbe: {timeoutSeconds: ten}}]\n";
        for (int f = 0; f < 12; f++) {
            Files.writeString(dir.resolve("file-%02d.yaml".formatted(f)), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c"
                    + f + "}\n");
        }
        Files.writeString(dir.resolve("file-03.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n"
                + unreadable.formatted(3));
        Files.writeString(dir.resolve("file-08.yaml"), unreadable.formatted(8));
        AuditCommandTest.Run r = run("audit", "-f", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + dir.resolve("file-03.yaml") + ":5: Deployment \"t3\": "
                + "spec.template.spec.containers[0].readinessProbe.timeoutSeconds must be an integer").hasLineCount(1);

        Files.writeString(dir.resolve("file-10.yaml"), "a: [\n");
        r = run("audit", "-f", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + dir.resolve("file-10.yaml") + ":1: not valid YAML/JSON");
    }

    @Test
    void anEmptyInputBeforeABadFileIsReportedFirst(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing\n");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "a: [\n");
        AuditCommandTest.Run r = run("audit", "-f", empty.toString(), "-f", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + empty + ": no Kubernetes objects read");
    }

    @Test
    void aBadPolicyIsReportedBeforeBadManifests(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "a: [\n");
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
        AuditCommandTest.Run r = run("audit", "-f", bad.toString(), "--policy", policy.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast audit: error: " + policy + ":1: expected apiVersion ballast.dev/v1alpha1");
    }

    private static List<String> names(List<Document> documents) {
        return documents.stream().map(d -> Path.of(d.file()).getFileName() + ":" + d.line() + " "
                + d.object().path("metadata").path("name").asText()).toList();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
