package dev.ballast.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from files, directories (recursively: *.yaml, *.yml, *.json) and stdin ("-"):
 * multi-document YAML, JSON, and {@code kind: List}. Every object keeps its file and starting line.
 */
final class ManifestReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory());
    private final InputStream stdin;

    ManifestReader(InputStream stdin) {
        this.stdin = stdin;
    }

    List<Document> read(List<String> inputs) {
        List<Document> documents = new ArrayList<>();
        for (String input : inputs) {
            if ("-".equals(input)) {
                parse("<stdin>", new java.io.InputStreamReader(stdin, StandardCharsets.UTF_8), YAML, documents);
                continue;
            }
            Path path = Path.of(input);
            if (Files.isDirectory(path)) {
                for (Path file : filesUnder(path)) {
                    readFile(file, documents);
                }
            } else {
                readFile(path, documents);
            }
        }
        return documents;
    }

    private static List<Path> filesUnder(Path dir) {
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

    private static void readFile(Path file, List<Document> out) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parse(file.toString(), reader, file.toString().endsWith(".json") ? JSON : YAML, out);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file or directory");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    static void parse(String file, Reader reader, ObjectMapper mapper, List<Document> out) {
        try (JsonParser parser = mapper.getFactory().createParser(reader)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = mapper.readTree(parser);
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue; // an empty document between two "---"
                }
                if (token != JsonToken.START_OBJECT) {
                    throw InputException.at(file, line, "expected a Kubernetes object (a mapping), found " + node.getNodeType().toString().toLowerCase());
                }
                add(new Document(node, file, line), out);
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw InputException.at(file, line, "not valid YAML/JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static void add(Document doc, List<Document> out) {
        if ("List".equals(doc.kind()) || doc.kind().endsWith("List") && doc.object().has("items")) {
            JsonNode items = doc.object().get("items");
            if (items != null && items.isArray()) {
                items.forEach(item -> add(new Document(item, doc.file(), doc.line()), out));
            }
            return;
        }
        out.add(doc);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
