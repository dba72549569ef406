package dev.ballast.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ballast.yaml.CommonYamlReader;
import dev.ballast.yaml.FieldPath;
import dev.ballast.yaml.KeyCache;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Builds the objects of YAML or JSON text as kubectl reads them, strictly: aliases are resolved (at most
 * {@link InputLimits#MAX_ALIASES} per document, expanding to at most {@link InputLimits#MAX_NODES} nodes, so a
 * "billion laughs" fails at once), {@code <<} merge keys applied, and duplicate keys, undefined aliases, nesting
 * deeper than {@link InputLimits#MAX_DEPTH} and values over the scalar limit are errors naming the file and line.
 * YAML goes to {@link CommonYamlReader} first, which builds the same objects for the YAML manifests are nearly always
 * written in; what it leaves, Jackson's YAML parser (SnakeYAML) reads here.
 */
final class TreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String file;
    private final JsonParser parser;
    private final AnchorAwareParser yaml;
    private final InputLimits limits;
    private final boolean recordLines;
    private final Map<String, Anchor> anchors = new HashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private Map<String, Integer> lines;
    private int aliases;
    private long nodes;
    /** Where the reader is: keys and list indexes from the document's root; a path string is made only when wanted. */
    private final List<Object> at = new ArrayList<>();
    private final KeyCache keys = new KeyCache();

    private record Anchor(JsonNode node, long size) {
    }

    private TreeReader(String file, JsonParser parser, InputLimits limits, boolean recordLines) {
        this.file = file;
        this.parser = parser;
        this.yaml = parser instanceof AnchorAwareParser y ? y : null;
        this.limits = limits;
        this.recordLines = recordLines;
    }

    /** Factories for the given limits: JSON and YAML. Create once per command, reuse for every file. */
    record Factories(JsonFactory json, YAMLFactory yaml) {
        static Factories of(InputLimits limits) {
            StreamReadConstraints constraints = StreamReadConstraints.builder()
                    .maxStringLength(limits.maxScalarChars + 1)
                    .maxNestingDepth(InputLimits.MAX_DEPTH + 10)
                    .maxDocumentLength(limits.maxFileBytes)
                    .build();
            LoaderOptions loader = new LoaderOptions();
            loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes));
            loader.setNestingDepthLimit(InputLimits.MAX_DEPTH + 10);
            YAMLFactoryBuilder yaml = YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(constraints);
            for (YAMLParser.Feature f : YAMLParser.Feature.values()) {
                yaml.configure(f, f.enabledByDefault()); // the builder starts from none (an empty value would be "")
            }
            return new Factories(JsonFactory.builder().streamReadConstraints(constraints).build(), new AnchorAwareFactory(yaml));
        }
    }

    /** Jackson drops the anchor of a scalar mapping value ({@code image: &img nginx}); this parser still has it. */
    private static final class AnchorAwareFactory extends YAMLFactory {
        AnchorAwareFactory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(Reader reader, IOContext context) {
            return new AnchorAwareParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
        }
    }

    private static final class AnchorAwareParser extends YAMLParser {
        AnchorAwareParser(IOContext context, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                          Reader reader) {
            super(context, features, yamlFeatures, options, codec, reader);
        }

        /** The anchor of the current value, a scalar or a collection. */
        String anchor() {
            String anchor = getCurrentAnchor();
            return anchor == null && _lastTagEvent instanceof ScalarEvent scalar ? scalar.getAnchor() : anchor;
        }
    }

    /**
     * Reads every document of {@code text}; with {@code recordLines} each document maps its field paths
     * ({@code spec.rules[0].name}) to the line of the key or item.
     */
    static List<Document> read(String file, String text, boolean json, Factories factories, InputLimits limits,
                               boolean recordLines) {
        if (!json) {
            InputText.checkLines(file, text, limits);
            List<CommonYamlReader.Root> common;
            try {
                common = CommonYamlReader.read(text, limits.maxScalarChars, InputLimits.MAX_DEPTH, InputLimits.MAX_NODES,
                        recordLines);
            } catch (RuntimeException bug) { // CommonYamlReaderTest hunts these; a user still gets SnakeYAML's answer
                common = null;
            }
            if (common != null) {
                return common.stream().map(root -> new Document(root.node(), file, root.line(), root.lines())).toList();
            }
        }
        return readWithParser(file, text, json, factories, limits, recordLines);
    }

    /** {@link #read} with Jackson's parsers only (SnakeYAML for YAML), which also record lines and resolve aliases. */
    static List<Document> readWithParser(String file, String text, boolean json, Factories factories, InputLimits limits,
                                         boolean recordLines) {
        List<Document> out = new ArrayList<>();
        try (JsonParser parser = json ? factories.json().createParser(text)
                : factories.yaml().createParser(new StringReader(text))) {
            TreeReader reader = new TreeReader(file, parser, limits, recordLines);
            try {
                reader.readAll(out);
            } catch (StreamConstraintsException e) {
                String message = firstLine(e.getOriginalMessage());
                throw InputException.at(file, parser.currentLocation().getLineNr(), message.startsWith("String value length")
                        ? "value is longer than the limit of " + limits.maxScalarChars + " characters (--max-scalar-length)"
                        : "over an input limit: " + message);
            }
        } catch (JsonProcessingException e) {
            String message = firstLine(e.getOriginalMessage());
            if (message.contains("exceeds the limit")) { // SnakeYAML's code point limit
                message = "document larger than " + limits.maxFileBytes + " characters (--max-file-size)";
            } else if (message.contains("Nesting Depth exceeded")) {
                message = "nested deeper than " + InputLimits.MAX_DEPTH + " levels";
            } else {
                message = "not valid YAML/JSON: " + message;
            }
            throw InputException.at(file, lineOf(e), message);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        return out;
    }

    private void readAll(List<Document> out) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            int line = line();
            JsonNode node = document(token);
            if (node.isNull() || node.isMissingNode()) {
                continue; // an empty document between two "---"
            }
            if (!node.isObject()) {
                throw InputException.at(file, line, "expected a Kubernetes object (a mapping), found "
                        + node.getNodeType().toString().toLowerCase());
            }
            out.add(new Document(node, file, line, lines));
        }
    }

    private JsonNode document(JsonToken token) throws IOException {
        anchors.clear();
        openAnchors.clear();
        aliases = 0;
        nodes = 0;
        lines = recordLines ? new HashMap<>() : Map.of();
        at.clear();
        return value(token, 0);
    }

    private JsonNode value(JsonToken token, int depth) throws IOException {
        int line = line();
        if (yaml != null && yaml.isCurrentAlias()) {
            return alias(parser.getText(), line);
        }
        String anchor = yaml == null ? null : yaml.anchor();
        if (recordLines) {
            lines.putIfAbsent(FieldPath.of(at), line);
        }
        if (++nodes > InputLimits.MAX_NODES) {
            throw InputException.at(file, line, "document has more than " + InputLimits.MAX_NODES + " values");
        }
        long before = nodes;
        if (anchor != null) {
            openAnchors.add(anchor);
        }
        JsonNode node = switch (token) {
            case START_OBJECT -> object(depth + 1, line);
            case START_ARRAY -> array(depth + 1, line);
            case VALUE_STRING -> {
                String text = parser.getText();
                if (text.length() > limits.maxScalarChars) {
                    throw InputException.at(file, line, "value is " + text.length()
                            + " characters long, over the limit of " + limits.maxScalarChars + " (--max-scalar-length)");
                }
                yield NODES.textNode(text);
            }
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> switch (parser.getNumberType()) {
                case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
                case FLOAT -> NODES.numberNode(parser.getFloatValue());
                default -> NODES.numberNode(parser.getDoubleValue());
            };
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> {
                Object o = parser.getEmbeddedObject();
                yield o instanceof byte[] b ? NODES.binaryNode(b) : NODES.textNode(String.valueOf(o));
            }
            default -> throw InputException.at(file, line, "unexpected " + token);
        };
        if (anchor != null) {
            openAnchors.remove(anchor);
            anchors.put(anchor, new Anchor(node, nodes - before + 1));
        }
        return node;
    }

    private ObjectNode object(int depth, int line) throws IOException {
        checkDepth(depth, line);
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> keyLines = new HashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = keys.canonical(parser.currentName());
            int keyLine = line();
            at.add(key);
            if (recordLines) {
                lines.putIfAbsent(FieldPath.of(at), keyLine);
            }
            JsonNode value = value(parser.nextToken(), depth);
            at.remove(at.size() - 1);
            if (yaml != null && "<<".equals(key)) {
                merge(object, value, keyLine);
                continue;
            }
            Integer first = keyLines.putIfAbsent(key, keyLine);
            if (first != null) {
                throw InputException.at(file, keyLine, "duplicate key \"" + key + "\"" + (at.isEmpty() ? "" : " in " + FieldPath.of(at))
                        + " (first at line " + first + ")" + (depth == 1 ? "; is a --- missing between two documents?" : ""));
            }
            object.set(key, value); // an explicit key overrides one merged in with <<
        }
        if (token != JsonToken.END_OBJECT) {
            throw InputException.at(file, line(), "unexpected " + token + " in a mapping");
        }
        return object;
    }

    /** YAML merge keys ({@code <<: *base} or {@code <<: [*a, *b]}): keys already present, or merged earlier, win. */
    private void merge(ObjectNode object, JsonNode value, int line) {
        List<JsonNode> sources = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(sources::add);
        } else {
            sources.add(value);
        }
        for (JsonNode source : sources) {
            if (!source.isObject()) {
                throw InputException.at(file, line, "a << merge key needs a mapping or a list of mappings");
            }
            source.fields().forEachRemaining(f -> {
                if (!object.has(f.getKey())) {
                    object.set(f.getKey(), f.getValue());
                }
            });
        }
    }

    private ArrayNode array(int depth, int line) throws IOException {
        checkDepth(depth, line);
        ArrayNode array = NODES.arrayNode();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw InputException.at(file, line, "unterminated list");
            }
            at.add(array.size());
            array.add(value(token, depth));
            at.remove(at.size() - 1);
        }
        return array;
    }

    private JsonNode alias(String name, int line) {
        if (openAnchors.contains(name)) {
            throw InputException.at(file, line, "alias *" + name + " refers to a node that contains it");
        }
        Anchor anchor = anchors.get(name);
        if (anchor == null) {
            throw InputException.at(file, line, "undefined alias *" + name + " (no &" + name + " anchor before it in this document)");
        }
        if (++aliases > InputLimits.MAX_ALIASES) {
            throw InputException.at(file, line, "more than " + InputLimits.MAX_ALIASES + " aliases in one document");
        }
        nodes += anchor.size();
        if (nodes > InputLimits.MAX_NODES) {
            throw InputException.at(file, line, "aliases expand the document to more than " + InputLimits.MAX_NODES
                    + " values (alias *" + name + ")");
        }
        return anchor.node().deepCopy();
    }

    private void checkDepth(int depth, int line) {
        if (depth > InputLimits.MAX_DEPTH) {
            throw InputException.at(file, line, "nested deeper than " + InputLimits.MAX_DEPTH + " levels");
        }
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private static int lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
