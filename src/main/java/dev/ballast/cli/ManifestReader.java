package dev.ballast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from files, directories (recursively: *.yaml, *.yml, *.json) and stdin ("-"):
 * multi-document YAML, JSON, and {@code kind: List}, within {@link InputLimits}. Every object keeps its file and
 * starting line. An input that holds no object is an error unless empty input is allowed. Files are parsed in
 * parallel; documents and errors come out in the order a one-file-at-a-time reading would give them.
 */
final class ManifestReader {
    static final String STDIN = "<stdin>";
    /** Parsing is CPU-bound; more threads than cores only adds memory (each holds one file's text and tree). */
    private static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final InputStream stdin;
    private final InputLimits limits;
    private final TreeReader.Factories factories;
    private final boolean allowEmpty;
    private final boolean recordStdinLines;

    ManifestReader(InputStream stdin, InputLimits limits, boolean allowEmpty) {
        this(stdin, limits, allowEmpty, false);
    }

    /**
     * {@code recordStdinLines}: documents from stdin map their field paths to their lines (for {@code --strict}'s
     * findings); a file is read again for that with {@link #withLines} only when one of its documents needs it.
     */
    ManifestReader(InputStream stdin, InputLimits limits, boolean allowEmpty, boolean recordStdinLines) {
        this.stdin = stdin;
        this.limits = limits;
        this.factories = TreeReader.Factories.of(limits);
        this.allowEmpty = allowEmpty;
        this.recordStdinLines = recordStdinLines;
    }

    /** The documents of {@code file} as {@link #read} gives them, in the same order, each with its field lines. */
    static List<Document> withLines(Path file, InputLimits limits) {
        List<Document> documents = new ArrayList<>();
        for (Document doc : TreeReader.read(file.toString(), InputText.read(file, limits), file.toString().endsWith(".json"),
                TreeReader.Factories.of(limits), limits, true)) {
            add(doc, documents);
        }
        return documents;
    }

    List<Document> read(List<String> inputs) {
        return start(inputs, document -> document).documents();
    }

    /**
     * Starts parsing the files of {@code inputs} on up to {@link #THREADS} threads, so the caller can do other work
     * meanwhile (stdin is read by {@link Reading#documents()}, in its place). Each document is handed to
     * {@code perDocument} on the thread that parsed it, so what the caller keeps of it is made there and its tree
     * does not outlive its file.
     */
    <T> Reading<T> start(List<String> inputs, Function<Document, T> perDocument) {
        List<Input> plan = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            Input planned = plan(input);
            plan.add(planned);
            files.addAll(planned.files());
        }
        return new Reading<>(plan, perDocument,
                OrderedWork.start(files, file -> parseFile(file, perDocument), THREADS, "ballast-read"));
    }

    /** One -f value: stdin, or its files in order, or why they cannot be listed (reported in its turn). */
    private record Input(String name, boolean stdin, List<Path> files, InputException unlisted) {
    }

    private static Input plan(String input) {
        if ("-".equals(input)) {
            return new Input(input, true, List.of(), null);
        }
        try {
            Path path = Path.of(input);
            return new Input(input, false, Files.isDirectory(path) ? filesUnder(path) : List.of(path), null);
        } catch (InputException e) {
            return new Input(input, false, List.of(), e);
        } catch (InvalidPathException e) { // a NUL byte, or a name the JVM's locale (LANG=C) cannot encode
            return new Input(input, false, List.of(), new InputException(input + ": not a usable file name here ("
                    + e.getReason() + "; with non-ASCII names run under a UTF-8 locale, e.g. LANG=C.UTF-8)"));
        }
    }

    /**
     * Files being parsed; {@link #documents()} gives what was made of every document, in input order, or the first
     * problem in that order.
     */
    final class Reading<T> {
        private final List<Input> plan;
        private final Function<Document, T> perDocument;
        private final OrderedWork<Path, List<T>> parsing;

        private Reading(List<Input> plan, Function<Document, T> perDocument, OrderedWork<Path, List<T>> parsing) {
            this.plan = plan;
            this.perDocument = perDocument;
            this.parsing = parsing;
        }

        List<T> documents() {
            List<OrderedWork.Outcome<List<T>>> parsed = parsing.outcomes();
            List<T> documents = new ArrayList<>();
            int file = 0;
            for (Input input : plan) {
                int before = documents.size();
                if (input.unlisted() != null) {
                    throw input.unlisted();
                }
                if (input.stdin()) {
                    readStdin().forEach(document -> documents.add(perDocument.apply(document)));
                }
                for (int i = 0; i < input.files().size(); i++) {
                    documents.addAll(parsed.get(file++).get());
                }
                if (documents.size() == before && !allowEmpty) {
                    throw new InputException((input.stdin() ? STDIN : input.name())
                            + ": no Kubernetes objects read (pass --allow-empty to accept empty input)");
                }
            }
            return documents;
        }

        /** The documents are not wanted (another input failed): files not started yet are not read. */
        void cancel() {
            parsing.cancel();
        }
    }

    /** Every document of the file is parsed before the first is handed on: a parse error comes before anything else. */
    private <T> List<T> parseFile(Path file, Function<Document, T> perDocument) {
        List<Document> documents = new ArrayList<>();
        parse(file.toString(), InputText.read(file, limits), file.toString().endsWith(".json"), documents);
        List<T> made = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            made.add(perDocument.apply(documents.set(i, null))); // the tree can go as soon as it is mapped
        }
        return made;
    }

    /** stdin may be JSON on one long line (kubectl -o json | jq -c): JSON is read as JSON, which has no line limit. */
    private List<Document> readStdin() {
        String text = InputText.read(STDIN, stdin, limits);
        String start = text.stripLeading();
        if (start.startsWith("{") || start.startsWith("[")) {
            List<Document> json = new ArrayList<>();
            try {
                parse(STDIN, text, true, json);
                return json;
            } catch (InputException notJson) {
                // YAML flow style, or broken: the YAML reader decides and names the problem
            }
        }
        List<Document> documents = new ArrayList<>();
        parse(STDIN, text, false, documents);
        return documents;
    }

    private void parse(String file, String text, boolean json, List<Document> out) {
        for (Document doc : TreeReader.read(file, text, json, factories, limits, recordStdinLines && STDIN.equals(file))) {
            add(doc, out);
        }
    }

    static List<Path> filesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().startsWith(".") && !p.toString().contains("/."))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list directory: " + e.getMessage());
        }
    }

    /** Item {@code i} of a List, starting at its own line, with its recorded field lines re-rooted at the item. */
    private static Document item(Document list, int i) {
        String prefix = "items[" + i + "]";
        if (list.lines().isEmpty()) {
            return new Document(list.object().get("items").get(i), list.file(), list.line());
        }
        Map<String, Integer> lines = new HashMap<>();
        list.lines().forEach((path, line) -> {
            if (path.startsWith(prefix + ".") || path.startsWith(prefix + "[")) {
                lines.put(path.substring(prefix.length() + (path.charAt(prefix.length()) == '.' ? 1 : 0)), line);
            }
        });
        return new Document(list.object().get("items").get(i), list.file(), list.lineOf(prefix), lines);
    }

    private static void add(Document doc, List<Document> out) {
        if (doc.isList()) {
            var items = doc.object().get("items");
            if (items != null && items.isArray()) {
                for (int i = 0; i < items.size(); i++) {
                    add(item(doc, i), out);
                }
            }
            return;
        }
        out.add(doc);
    }
}
