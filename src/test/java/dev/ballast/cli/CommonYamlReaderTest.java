package dev.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.yaml.CommonYamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader that spares most files SnakeYAML must build exactly what SnakeYAML (through Jackson) builds, or leave
 * the text to it: on every YAML file of the project, on thousands of mutations of them, and on each construct.
 */
class CommonYamlReaderTest {
    private static final InputLimits LIMITS = InputLimits.defaults();
    private static final TreeReader.Factories FACTORIES = TreeReader.Factories.of(LIMITS);

    /** Asserts the common reader reads {@code text} as SnakeYAML does, or leaves it; returns whether it read it. */
    private static boolean agrees(String text) {
        List<Document> common = common(text);
        if (common == null) {
            return false;
        }
        List<Document> expected;
        try {
            expected = TreeReader.readWithParser("f.yaml", text, false, FACTORIES, LIMITS, false);
        } catch (InputException e) {
            throw new AssertionError("read text SnakeYAML rejects (" + e.getMessage() + "):\n" + text);
        }
        assertEquals(expected, common, () -> "differs from SnakeYAML on:\n" + text);
        for (int i = 0; i < common.size(); i++) { // JsonNode equality does not tell an int from a long
            assertSameTypes(expected.get(i).object(), common.get(i).object(), text);
        }
        // and with each field's line, as --strict, ballast fix and policy errors read them
        assertEquals(TreeReader.readWithParser("f.yaml", text, false, FACTORIES, LIMITS, true), common(text, true),
                () -> "field lines differ from SnakeYAML's on:\n" + text);
        return true;
    }

    /** The common reader's documents, as TreeReader makes them, or null when it leaves the text to SnakeYAML. */
    private static List<Document> common(String text) {
        return common(text, false);
    }

    private static List<Document> common(String text, boolean recordLines) {
        List<CommonYamlReader.Root> roots = CommonYamlReader.read(text, LIMITS.maxScalarChars, InputLimits.MAX_DEPTH,
                InputLimits.MAX_NODES, recordLines);
        return roots == null ? null : roots.stream().map(r -> new Document(r.node(), "f.yaml", r.line(), r.lines())).toList();
    }

    private static void assertSameTypes(JsonNode expected, JsonNode actual, String text) {
        assertEquals(expected.getClass(), actual.getClass(), () -> "node types differ (" + expected + ") on:\n" + text);
        if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTypes(expected.get(i), actual.get(i), text);
            }
        } else if (expected.isObject()) {
            expected.fields().forEachRemaining(f -> assertSameTypes(f.getValue(), actual.get(f.getKey()), text));
        }
    }

    private static List<Path> yamlFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("src/test/resources", "examples", "manifests", "crds", "charts/ballast/files", "src/main/resources")) {
            if (Files.isDirectory(Path.of(root))) {
                try (Stream<Path> walk = Files.walk(Path.of(root))) {
                    walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    @Test
    void readsEveryProjectFileAsSnakeYamlDoesAndTheWholeCorpus() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() > 50, "found " + files.size() + " files");
        List<String> left = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            if (!agrees(text)) {
                left.add(file + ": " + CommonYamlReader.unsupported(text));
            }
        }
        List<String> corpusLeft = left.stream().filter(l -> l.contains("/corpus/")).toList();
        assertEquals(List.of(), corpusLeft, "the public corpus is read without SnakeYAML");
        assertTrue(left.size() * 20 < files.size(), () -> "nearly every file is read without SnakeYAML; left:\n" + String.join("\n", left));
    }

    /**
     * Random edits of real files (characters that matter to YAML inserted or deleted, lines re-indented, duplicated
     * or swapped): whatever the common reader accepts, SnakeYAML must accept and build the same way.
     */
    @Test
    void mutatedFilesAreReadAsSnakeYamlReadsThemOrLeftToIt() throws IOException {
        Random random = new Random(Long.getLong("seed", 20261130));
        String interesting = ":-#'\" \n{}[],|>&*!?%\\0-1.~xyYnN";
        int read = 0;
        int tried = 0;
        for (Path file : yamlFiles()) {
            String original = Files.readString(file);
            if (original.length() > 40_000 || common(original) == null) {
                continue;
            }
            for (int m = 0; m < Integer.getInteger("mutations", 80); m++) {
                StringBuilder text = new StringBuilder(original);
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    mutate(text, random, interesting);
                }
                tried++;
                if (agrees(text.toString())) {
                    read++;
                }
            }
        }
        assertTrue(tried > 1000, "mutations tried: " + tried);
        assertTrue(read > tried / 10, "mutations the common reader read: " + read + " of " + tried);
    }

    private static void mutate(StringBuilder text, Random random, String interesting) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(5)) {
            case 0 -> text.insert(at, interesting.charAt(random.nextInt(interesting.length())));
            case 1 -> {
                if (at < text.length()) {
                    text.deleteCharAt(at);
                }
            }
            case 2 -> { // indent or dedent the line holding `at`
                int start = text.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                if (random.nextBoolean()) {
                    text.insert(start, "  ".substring(random.nextInt(2)));
                } else if (start < text.length() && text.charAt(start) == ' ') {
                    text.deleteCharAt(start);
                }
            }
            case 3 -> { // duplicate the line holding `at`
                int start = text.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                int end = text.indexOf("\n", start);
                if (end > 0) {
                    text.insert(start, text.substring(start, end + 1));
                }
            }
            default -> text.insert(at, interesting.charAt(random.nextInt(interesting.length())) + ": ");
        }
    }

    /** Constructs the common reader reads itself, each as SnakeYAML does. */
    private static final List<String> COMMON = List.of(
            "a: 1\nb: -2\nc: 2147483647\nd: 2147483648\ne: -1234567890\nf: 123456789012345678\ng: 0\nh: -0\ni: -2147483648\nj: -2147483649\n",
            "a: yes\nb: No\nc: ON\nd: off\ne: True\nf: y\ng: n\nh: null\ni: Null\nj: ~\nk:\nl: nulls\nm: yess\n",
            "a: 1.2.3\nb: 2024-01-01\nc: 100m\nd: 512Mi\ne: -foo\nf: .x\ng: :x\nh: ?x\ni: ~x\nj: <x\nk: a#b\nl: a [b] {c}\n",
            "a: 'it''s'\nb: \"q\\\"\\\\\\n\\t\\x41\\u00e9\\N\\_ \\L\\P\\0\\a\\b\\v\\f\\r\\e\\ \"\nc: ''\nd: \"\"\n'e': 1\n\"f g\": 2\n",
            "# c\n---\n# c\na: b # c\nc:   d   \n\n\n---\n---\nx: y\n",
            "spec:\n  containers:\n  - name: a\n    args:\n    - --x=1\n    - http://host:80/p\n  - name: b\nkind: Pod\n",
            "a: {b: c, d: [1, 2, {e: f}], g: []}\nh: {}\ni: [\"x\", 'y', z w]\nj: {k: 1,}\nl: [1, 2, ]\n",
            "{\n  \"apiVersion\": \"v1\",\n  kind: \"List\", # c\n  items: [\n    {a: 1},\n  ],\n}\n",
            "a: |\n  line 1\n    more\n\n  line 3\nb: |-\n  x\n\n\nc: >\n  folded\n  text\n\n  para\n   kept\n  end\nd: >-\n  f\ne: |+\n  keep\n\n\nf: 1\n",
            "a: é 😀 中文\n",
            "-a: 1\n--b: 2\n",
            "a: b #c\n#d\n  #e\nf: g\n",
            "a: one\n  two  \n\n   three\nb:\n- x\n  y\n- p: q\n    r\n  s: t\n",
            "a: 0.5\nb: -2.25\nc: 100.0\nd: [1.5, 0.0]\ne: 1.2.3\n",
            "a: \"one \\\n   \\ two\n\n  three  \n four\"\nb: 'x\n  ''y'''\nc: [\"p\n q\"]\n");

    /** Constructs it leaves to SnakeYAML, or reads: either way never differently. */
    private static final List<String> OTHERS = List.of(
            "# c\n---\n# c\na: b # c\nc:   d   \n\n\n---\n---\nx: y\n...\n",
            "a:\n  b:\n    c: d\n  e:\n  - 1\n  - x: y\n    z: w\n  -\n    - nested\n  - - bad\n",
            "a: |\n  # not a comment\n  x: y\n b: c\n",
            "- a\n- b\n",
            "a: b: c\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1e3\n",
            "a: .5\n",
            "a: 1.\n",
            "a: 1_0.5\n",
            "a: 01.5\n",
            "a: .inf\n",
            "a: 0x1F\n",
            "a: 1_000\n",
            "a: +1\n",
            "a: multi\n  line # c\n  more\n",
            "a: multi\n  line: x\n",
            "a: multi\n  # c\n  line\n",
            "- a\n b\n",
            "a:\n- x\ny\n",
            "\"a\n b\": 1\n",
            "a: \"x\n---\ny\"\n",
            "a:\tb\n",
            "a: b\r\nc: d\r\n",
            "a: 1\na: 2\n",
            "<<: {a: 1}\n",
            "a:\n  b: 1\n c: 2\n",
            "a: 1\n  b: 2\n",
            "  a: 1\n",
            "a: [1, 2\n",
            "a: {b: 1\n---\n}\n",
            "a: |2\n   x\n",
            "a: |\nb: 1\n",
            "a: \"\\/\"\n",
            "a: \"\\ud800\"\n",
            "x\n",
            "--- a: 1\n",
            "%YAML 1.1\n---\na: 1\n",
            "a: 1\n--- \nb: 2\n...\n",
            "\uFEFFa: 1\n",
            "a: \u0085\n",
            "? a\n: b\n",
            "a: [b: c]\n",
            "a: {b}\n",
            "a: {b: }\n",
            "a: [a, b]x\n",
            "a: \"x\" y\n");

    static Stream<String> constructs() {
        return Stream.concat(COMMON.stream(), OTHERS.stream());
    }

    @ParameterizedTest
    @MethodSource("constructs")
    void eachConstructIsReadAsSnakeYamlReadsItOrLeftToIt(String text) {
        agrees(text);
    }

    @ParameterizedTest
    @FieldSource("COMMON")
    void theCommonConstructsAreReadWithoutSnakeYaml(String text) {
        assertNull(CommonYamlReader.unsupported(text));
        assertTrue(agrees(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1e3\n", "a: 0x1F\n", "a: multi\n  line: x\n",
            "a:\tb\n", "a: b\r\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "a: [1, 2\n", "- a\n", "? a\n: b\n"})
    void whatItDoesNotReadGoesToSnakeYaml(String text) {
        assertNotNull(CommonYamlReader.unsupported(text), text);
        assertNull(common(text));
    }

    /** Hostile shapes are handed to SnakeYAML's limits at once, not recursed into or built. */
    @Test
    void limitsHandTheTextToTheReaderThatEnforcesThem() {
        String deepFlow = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        StringBuilder deepBlock = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            deepBlock.append(" ".repeat(i)).append("k:\n");
        }
        String manyValues = "a: [" + "1, ".repeat(2_000) + "1]\n";
        String longFolded = "a: " + "word\n  ".repeat(1_000) + "end\n";
        for (String text : List.of(deepFlow, deepBlock.toString(), manyValues, longFolded)) {
            assertNull(CommonYamlReader.read(text, 1_000, InputLimits.MAX_DEPTH, 1_000, false),
                    () -> text.substring(0, 40));
        }
        assertNotNull(CommonYamlReader.read(manyValues, 1_000, InputLimits.MAX_DEPTH, 10_000, false));
        assertNotNull(CommonYamlReader.read(longFolded, 10_000, InputLimits.MAX_DEPTH, 1_000, false));
    }

    @Test
    void documentsStartAtTheirFirstKeyOrBrace() {
        List<Document> documents = common("# c\n---\n\napiVersion: v1\n---\n# x\n{a: 1}\n");
        assertNotNull(documents);
        assertEquals(List.of(4, 7), documents.stream().map(Document::line).toList());
        assertTrue(agrees("# c\n---\n\napiVersion: v1\n---\n# x\n{a: 1}\n"));
    }
}
