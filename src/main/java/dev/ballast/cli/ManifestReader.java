package dev.ballast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from files, directories (recursively: *.yaml, *.yml, *.json) and stdin ("-"):
 * multi-document YAML, JSON, and {@code kind: List}, within {@link InputLimits}. Every object keeps its file and
 * starting line. An input that holds no object is an error unless empty input is allowed.
 */
final class ManifestReader {
    static final String STDIN = "<stdin>";
    private final InputStream stdin;
    private final InputLimits limits;
    private final TreeReader.Factories factories;
    private final boolean allowEmpty;

    ManifestReader(InputStream stdin, InputLimits limits, boolean allowEmpty) {
        this.stdin = stdin;
        this.limits = limits;
        this.factories = TreeReader.Factories.of(limits);
        this.allowEmpty = allowEmpty;
    }

    List<Document> read(List<String> inputs) {
        List<Document> documents = new ArrayList<>();
        for (String input : inputs) {
            int before = documents.size();
            if ("-".equals(input)) {
                readStdin(documents);
            } else {
                Path path = Path.of(input);
                List<Path> files = Files.isDirectory(path) ? filesUnder(path) : List.of(path);
                for (Path file : files) {
                    parse(file.toString(), InputText.read(file, limits), file.toString().endsWith(".json"), documents);
                }
            }
            if (documents.size() == before && !allowEmpty) {
                throw new InputException(("-".equals(input) ? STDIN : input)
                        + ": no Kubernetes objects read (pass --allow-empty to accept empty input)");
            }
        }
        return documents;
    }

    /** stdin may be JSON on one long line (kubectl -o json | jq -c): JSON is read as JSON, which has no line limit. */
    private void readStdin(List<Document> documents) {
        String text = InputText.read(STDIN, stdin, limits);
        String start = text.stripLeading();
        if (start.startsWith("{") || start.startsWith("[")) {
            List<Document> json = new ArrayList<>();
            try {
                parse(STDIN, text, true, json);
                documents.addAll(json);
                return;
            } catch (InputException notJson) {
                // YAML flow style, or broken: the YAML reader decides and names the problem
            }
        }
        parse(STDIN, text, false, documents);
    }

    private void parse(String file, String text, boolean json, List<Document> out) {
        for (Document doc : TreeReader.read(file, text, json, factories, limits, false)) {
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

    private static void add(Document doc, List<Document> out) {
        if (doc.isList()) {
            var items = doc.object().get("items");
            if (items != null && items.isArray()) {
                items.forEach(item -> add(new Document(item, doc.file(), doc.line()), out));
            }
            return;
        }
        out.add(doc);
    }
}
