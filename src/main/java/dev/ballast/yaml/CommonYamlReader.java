package dev.ballast.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML that manifests are nearly always written in, several times faster than SnakeYAML and without
 * loading it: block mappings and sequences (indentless too), flow collections, plain and quoted scalars (also over
 * several lines), literal and folded block scalars, comments and {@code ---}. Anything else (anchors, aliases, tags,
 * merge keys, numbers other than plain integers and decimals, tabs, CR line ends, non-printable characters) and
 * anything SnakeYAML might reject (duplicate keys, odd indentation, limits) makes {@link #read} return null, and the
 * caller reads the text with SnakeYAML (the CLI's {@code TreeReader}), which gives the answer or the error. What this
 * reader accepts it builds exactly as the Jackson/SnakeYAML path would: the same nodes and scalar types (SnakeYAML's
 * YAML 1.1 resolver, Jackson's number rules), each document's line and each field's line.
 * {@code CommonYamlReaderTest} holds it to that on every YAML file of the project and on mutations of them.
 */
public final class CommonYamlReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** SnakeYAML's limit on a simple (implicit) key. */
    private static final int MAX_KEY_CHARS = 1024;
    private final char[] s;
    private final int n;
    private final int maxScalarChars;
    private final int maxDepth;
    private final long maxNodes;
    private final KeyCache keys = new KeyCache();
    private final boolean recordLines;
    /** Field paths to lines for the document being read, when recording; else null. */
    private Map<String, Integer> lines;
    /** Where the reader is, when recording lines: keys and list indexes from the document's root. */
    private final List<Object> at = new ArrayList<>();
    private int pos;
    /** The line of {@link #pos}, from 1. */
    private int line = 1;
    private long nodes;

    /**
     * A document's root, the line it starts on (its first key, or its opening brace) and, when asked for, the line of
     * each field path ({@code spec.containers[0].name}: a key's line, a list item's where its value starts).
     */
    public record Root(JsonNode node, int line, Map<String, Integer> lines) {
    }

    private CommonYamlReader(String text, int maxScalarChars, int maxDepth, long maxNodes, boolean recordLines) {
        this.recordLines = recordLines;
        this.s = text.toCharArray();
        this.n = s.length;
        this.maxScalarChars = maxScalarChars;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    /**
     * The documents of {@code text}, or null when SnakeYAML must read it: also when a scalar is longer than
     * {@code maxScalarChars}, nesting nears {@code maxDepth} or there are more than {@code maxNodes} values, so the
     * reader that enforces those limits names the problem.
     */
    public static List<Root> read(String text, int maxScalarChars, int maxDepth, long maxNodes, boolean recordLines) {
        try {
            return new CommonYamlReader(text, maxScalarChars, maxDepth, maxNodes, recordLines).documents();
        } catch (Unsupported e) {
            return null;
        }
    }

    /** Why {@link #read} leaves {@code text} to SnakeYAML, and where, or null when it reads it. */
    public static String unsupported(String text) {
        CommonYamlReader reader = new CommonYamlReader(text, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, true);
        try {
            reader.documents();
            return null;
        } catch (Unsupported e) {
            return e.getMessage() + " near line " + reader.line;
        }
    }

    private List<Root> documents() {
        checkCharacters();
        List<Root> out = new ArrayList<>();
        boolean expectEnd = false; // a document's root was read: only "---" or the end may follow
        while (true) {
            int indent = skipToContent();
            if (indent < 0) {
                return out;
            }
            if (indent != 0) {
                throw new Unsupported("indented document");
            }
            if (startsLine("---")) {
                pos += 3;
                endLine();
                expectEnd = false;
                continue;
            }
            if (expectEnd || startsLine("...") || s[pos] == '%') {
                throw new Unsupported("document end, directive or second root");
            }
            int start = line;
            lines = recordLines ? new HashMap<>() : null;
            mark(start);
            JsonNode root;
            if (s[pos] == '{') {
                root = flow(1);
                endLine();
            } else {
                root = mapping(0, 1);
            }
            out.add(new Root(root, start, recordLines ? lines : Map.of()));
            expectEnd = true;
        }
    }

    /** Characters SnakeYAML rejects or treats specially (tabs, CR, NEL, LS, PS, BOM, controls) are left to it. */
    private void checkCharacters() {
        for (int i = 0; i < n; i++) {
            char c = s[i];
            if (c < 0x20 ? c != '\n' : c >= 0x7F && !printable(i)) {
                throw new Unsupported("character U+" + Integer.toHexString(c));
            }
        }
    }

    private boolean printable(int i) {
        char c = s[i];
        if (c <= 0x9F || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c >= 0xFFFE) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < n && Character.isLowSurrogate(s[i + 1]);
        }
        return !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(s[i - 1]);
    }

    // ---- lines

    /**
     * From the start of a line, skips blank and comment lines; leaves {@link #pos} at the start of the next line with
     * content and returns its indentation, or -1 at the end of the text.
     */
    private int skipToContent() {
        while (pos < n) {
            int i = pos;
            while (i < n && s[i] == ' ') {
                i++;
            }
            if (i < n && s[i] != '\n' && s[i] != '#') {
                return i - pos;
            }
            while (i < n && s[i] != '\n') {
                i++;
            }
            pos = Math.min(n, i + 1);
            line++;
        }
        return -1;
    }

    /** Whether the line at {@link #pos} (its start, not indented) is the marker {@code m} alone or before a space. */
    private boolean startsLine(String m) {
        for (int i = 0; i < 3; i++) {
            if (pos + i >= n || s[pos + i] != m.charAt(i)) {
                return false;
            }
        }
        return pos + 3 >= n || s[pos + 3] == ' ' || s[pos + 3] == '\n';
    }

    /** Whether the content line at {@link #pos} with this indentation starts with a document marker. */
    private boolean marker(int indent) {
        return indent == 0 && (startsLine("---") || startsLine("..."));
    }

    /** After a value: only spaces and a comment may end the line; moves to the next line. */
    private void endLine() {
        int start = pos;
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos < n && s[pos] == '#' && (pos > start || s[pos - 1] == ' ')) {
            while (pos < n && s[pos] != '\n') {
                pos++;
            }
        }
        if (pos < n && s[pos] != '\n') {
            throw new Unsupported("text after a value");
        }
        if (pos < n) {
            pos++;
            line++;
        }
    }

    /** At a comment that spaces before it were skipped to: to the end of its line. */
    private void skipComment() {
        while (pos < n && s[pos] != '\n') {
            pos++;
        }
    }

    private boolean blankAfter(int i) {
        return i >= n || s[i] == ' ' || s[i] == '\n';
    }

    private boolean sequenceEntry() {
        return s[pos] == '-' && blankAfter(pos + 1);
    }

    // ---- block collections

    /** A block mapping whose keys are at column {@code indent}; {@link #pos} is at its first key. */
    private ObjectNode mapping(int indent, int depth) {
        checkDepth(depth);
        ObjectNode object = NODES.objectNode();
        while (true) {
            int keyLine = line;
            String key = enterKey(object, key(), keyLine);
            object.set(key, mappingValue(indent, depth));
            leave();
            if (!nextEntry(indent)) {
                return object;
            }
            if (sequenceEntry()) {
                throw new Unsupported("list entry in a mapping");
            }
        }
    }

    /**
     * After an entry of a block collection at column {@code indent}: whether the next content line continues it, with
     * {@link #pos} then at that column; false (at the line's start) when it is less indented, a marker or the end.
     */
    private boolean nextEntry(int indent) {
        int next = skipToContent();
        if (next < indent || marker(next)) {
            return false;
        }
        if (next > indent) {
            throw new Unsupported("indentation");
        }
        pos += next;
        return true;
    }

    /** A key and its colon, on the line at {@link #pos}; leaves {@link #pos} after the colon. */
    private String key() {
        int start = pos;
        char c = s[pos];
        String key;
        if (c == '"' || c == '\'') {
            int keyLine = line;
            key = quoted();
            if (line != keyLine) {
                throw new Unsupported("quoted key over several lines");
            }
            while (pos < n && s[pos] == ' ') {
                pos++;
            }
            if (pos >= n || s[pos] != ':' || !blankAfter(pos + 1)) {
                throw new Unsupported("quoted scalar where a key was expected");
            }
        } else {
            if (indicator(c) || (c == '-' || c == '?' || c == ':') && blankAfter(pos + 1)) {
                throw new Unsupported("key starting with " + c);
            }
            int colon = keyColon(pos);
            if (colon < 0) {
                throw new Unsupported("scalar where a key was expected");
            }
            int end = colon;
            while (end > pos && s[end - 1] == ' ') {
                end--;
            }
            key = new String(s, pos, end - pos);
            if ("<<".equals(key)) {
                throw new Unsupported("merge key");
            }
            pos = colon;
        }
        if (pos - start > MAX_KEY_CHARS) {
            throw new Unsupported("long key");
        }
        pos++;
        return keys.canonical(key);
    }

    /** The colon ending a plain key that starts at {@code from} on this line, or -1. */
    private int keyColon(int from) {
        for (int i = from; i < n && s[i] != '\n'; i++) {
            if (s[i] == ':' && blankAfter(i + 1)) {
                return i;
            }
            if (s[i] == '#' && s[i - 1] == ' ') {
                return -1;
            }
        }
        return -1;
    }

    /** The value after a mapping key's colon, on its line or below it. */
    private JsonNode mappingValue(int indent, int depth) {
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos >= n || s[pos] == '\n' || s[pos] == '#') {
            skipComment();
            endLine();
            int next = skipToContent();
            if (next < 0 || marker(next) || next < indent) {
                return counted(NODES.nullNode());
            }
            pos += next;
            if (next > indent && (s[pos] == '{' || s[pos] == '[')) { // "resources:\n  {}"
                JsonNode value = flow(depth + 1);
                endLine();
                return counted(value);
            }
            if (next > indent) {
                return counted(sequenceEntry() ? sequence(next, false, depth + 1) : mapping(next, depth + 1));
            }
            if (sequenceEntry()) {
                return counted(sequence(next, true, depth + 1));
            }
            pos -= next;
            return counted(NODES.nullNode());
        }
        return inlineValue(indent, depth);
    }

    /** A value that starts on the current line: a flow collection, a quoted, block or plain scalar. */
    private JsonNode inlineValue(int parentIndent, int depth) {
        char c = s[pos];
        JsonNode value;
        if (c == '{' || c == '[') {
            value = flow(depth + 1);
            endLine();
        } else if (c == '"' || c == '\'') {
            value = NODES.textNode(quoted());
            endLine();
        } else if (c == '|' || c == '>') {
            value = NODES.textNode(blockScalar(parentIndent));
        } else {
            if (indicator(c) || (c == '-' || c == '?' || c == ':') && blankAfter(pos + 1)) {
                throw new Unsupported("value starting with " + c);
            }
            int start = pos;
            int end = plainLine();
            if (pos < n && s[pos] == '\n' && continues(parentIndent)) {
                value = plain(folded(start, end, parentIndent));
            } else {
                value = plain(start, end);
            }
            endLine();
        }
        return counted(value);
    }

    /** Scans a block plain scalar's text to the end of its line or a comment; returns where the text ends. */
    private int plainLine() {
        int end = pos;
        while (pos < n && s[pos] != '\n') {
            if (s[pos] == '#' && s[pos - 1] == ' ') {
                break;
            }
            if (s[pos] == ':' && blankAfter(pos + 1)) {
                throw new Unsupported("colon in a plain value");
            }
            if (s[pos] != ' ') {
                end = pos + 1;
            }
            pos++;
        }
        return end;
    }

    /**
     * Whether the plain scalar ending at {@link #pos} (a line break) goes on: the next line that is not blank is
     * indented more than {@code parentIndent} and is not a comment.
     */
    private boolean continues(int parentIndent) {
        int i = pos + 1;
        while (true) {
            int start = i;
            while (i < n && s[i] == ' ') {
                i++;
            }
            if (i >= n) {
                return false;
            }
            if (s[i] != '\n') {
                return i - start > parentIndent && s[i] != '#';
            }
            i++;
        }
    }

    /**
     * A plain scalar over several lines, folded as SnakeYAML folds it: a line break between two lines is a space,
     * each blank line between them a line break, and each line's leading and trailing spaces go.
     */
    private String folded(int start, int end, int parentIndent) {
        StringBuilder out = new StringBuilder().append(s, start, end - start);
        while (pos < n && s[pos] == '\n' && continues(parentIndent)) {
            int breaks = 0;
            do {
                pos++;
                line++;
                while (s[pos] == ' ') {
                    pos++;
                }
                if (s[pos] == '\n') {
                    breaks++;
                }
            } while (s[pos] == '\n');
            if (s[pos] == '#') {
                throw new Unsupported("comment in a plain scalar");
            }
            out.append(breaks == 0 ? " " : "\n".repeat(breaks));
            int from = pos;
            int to = plainLine();
            if (pos < n && s[pos] == '#') {
                throw new Unsupported("comment after a plain scalar's line");
            }
            out.append(s, from, to - from);
            if (out.length() > maxScalarChars) {
                throw new Unsupported("long scalar");
            }
        }
        return out.toString();
    }

    /**
     * A block sequence whose dashes are at column {@code indent}; {@link #pos} is at the first dash. An indentless
     * one (the value of a key at the same column) ends at the first line there that is not an entry.
     */
    private ArrayNode sequence(int indent, boolean indentless, int depth) {
        checkDepth(depth);
        ArrayNode array = NODES.arrayNode();
        while (true) {
            pos++;
            while (pos < n && s[pos] == ' ') {
                pos++;
            }
            enter(array.size());
            array.add(entry(indent, depth));
            leave();
            if (!nextEntry(indent)) {
                return array;
            }
            if (!sequenceEntry()) {
                if (indentless) {
                    pos -= indent;
                    return array;
                }
                throw new Unsupported("mapping key in a list");
            }
        }
    }

    /** One list entry, {@link #pos} after its dash and spaces. */
    private JsonNode entry(int indent, int depth) {
        if (pos >= n || s[pos] == '\n' || s[pos] == '#') {
            int dashLine = line;
            skipComment();
            endLine();
            int next = skipToContent();
            if (next <= indent || marker(next)) {
                mark(dashLine); // an empty entry is where its dash is
                return counted(NODES.nullNode());
            }
            pos += next;
            mark(line);
            return counted(sequenceEntry() ? sequence(next, false, depth + 1) : mapping(next, depth + 1));
        }
        if (sequenceEntry()) {
            throw new Unsupported("list in a list on one line");
        }
        mark(line);
        int column = column();
        char c = s[pos];
        if (c == '"' || c == '\'') {
            int start = pos;
            int startLine = line;
            quoted();
            while (pos < n && s[pos] == ' ') {
                pos++;
            }
            boolean isKey = pos < n && s[pos] == ':' && blankAfter(pos + 1);
            pos = start;
            line = startLine;
            if (isKey) {
                return counted(mapping(column, depth + 1));
            }
        } else if (c != '{' && c != '[' && c != '|' && c != '>' && keyColon(pos) >= 0) {
            return counted(mapping(column, depth + 1));
        }
        return inlineValue(indent, depth);
    }

    private int column() {
        int i = pos;
        while (i > 0 && s[i - 1] != '\n') {
            i--;
        }
        return pos - i;
    }

    // ---- flow collections

    /** A flow mapping or sequence at {@link #pos}, possibly over several lines; leaves {@link #pos} after it. */
    private JsonNode flow(int depth) {
        checkDepth(depth);
        boolean isObject = s[pos] == '{';
        char close = isObject ? '}' : ']';
        pos++;
        ObjectNode object = isObject ? NODES.objectNode() : null;
        ArrayNode array = isObject ? null : NODES.arrayNode();
        while (true) {
            flowSpace();
            if (s[pos] == close) {
                pos++;
                return isObject ? object : array;
            }
            if (isObject) {
                int keyLine = line;
                String key = enterKey(object, flowKey(), keyLine);
                flowSpace();
                object.set(key, flowValue(depth));
            } else {
                enter(array.size());
                mark(line);
                array.add(flowValue(depth));
            }
            leave();
            flowSpace();
            if (s[pos] == ',') {
                pos++;
            } else if (s[pos] != close) {
                throw new Unsupported("flow collection");
            }
        }
    }

    /** Skips spaces, line breaks and comments inside a flow collection; the end of the text there is left to SnakeYAML. */
    private void flowSpace() {
        while (true) {
            if (pos >= n) {
                throw new Unsupported("unterminated flow collection");
            }
            char c = s[pos];
            if (c == ' ') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
                if (pos < n && (startsLine("---") || startsLine("..."))) {
                    throw new Unsupported("document marker in a flow collection");
                }
            } else if (c == '#' && (s[pos - 1] == ' ' || s[pos - 1] == '\n')) {
                while (pos < n && s[pos] != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private String flowKey() {
        int start = pos;
        String key;
        char c = s[pos];
        if (c == '"' || c == '\'') {
            int keyLine = line;
            key = quoted();
            if (line != keyLine) {
                throw new Unsupported("quoted key over several lines");
            }
        } else {
            if (indicator(c) || (c == '-' || c == '?' || c == ':') && blankAfter(pos + 1)) {
                throw new Unsupported("flow key starting with " + c);
            }
            int end = pos;
            while (pos < n && s[pos] != ':') {
                char k = s[pos];
                if (k == '\n' || k == ',' || k == '?' || k == '[' || k == ']' || k == '{' || k == '}' || k == '#') {
                    throw new Unsupported("flow key");
                }
                if (k != ' ') {
                    end = pos + 1;
                }
                pos++;
            }
            key = new String(s, start, end - start);
        }
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos >= n || s[pos] != ':' || !blankAfter(pos + 1) || pos - start > MAX_KEY_CHARS || "<<".equals(key)) {
            throw new Unsupported("flow key");
        }
        pos++;
        return keys.canonical(key);
    }

    private JsonNode flowValue(int depth) {
        char c = s[pos];
        if (c == '{' || c == '[') {
            return counted(flow(depth + 1));
        }
        if (c == '"' || c == '\'') {
            return counted(NODES.textNode(quoted()));
        }
        if (indicator(c) || c == '|' || c == '>' || (c == '-' || c == '?' || c == ':') && blankAfter(pos + 1)) {
            throw new Unsupported("flow value starting with " + c);
        }
        int start = pos;
        int end = pos;
        while (pos < n) {
            char k = s[pos];
            if (k == '\n' || k == ',' || k == ']' || k == '}' || k == '#' && s[pos - 1] == ' ') {
                break;
            }
            if (k == ':' || k == '?' || k == '[' || k == '{') { // SnakeYAML ends flow plain scalars at any of ,:?[]{}
                throw new Unsupported("flow value");
            }
            if (k != ' ') {
                end = pos + 1;
            }
            pos++;
        }
        return counted(plain(start, end));
    }

    /** Characters that cannot start a plain scalar in any context ({@code - ? :} only before a space). */
    private static boolean indicator(char c) {
        return switch (c) {
            case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> true;
            default -> false;
        };
    }

    // ---- scalars

    /** A single- or double-quoted scalar on one line at {@link #pos}; leaves {@link #pos} after its closing quote. */
    private String quoted() {
        char quote = s[pos++];
        StringBuilder out = new StringBuilder();
        int spaces = -1; // where the unescaped spaces before a line break began: they are dropped
        while (true) {
            if (pos >= n) {
                throw new Unsupported("unterminated quoted scalar");
            }
            char c = s[pos++];
            if (c == quote) {
                if (quote == '\'' && pos < n && s[pos] == '\'') {
                    out.append('\'');
                    pos++;
                    spaces = -1;
                    continue;
                }
                break;
            }
            if (c == '\n') {
                out.setLength(spaces < 0 ? out.length() : spaces);
                int breaks = quotedBreaks();
                out.append(breaks == 0 ? " " : "\n".repeat(breaks));
            } else if (c == '\\' && quote == '"' && pos < n && s[pos] == '\n') { // an escaped line break joins
                pos++;
                out.append("\n".repeat(quotedBreaks()));
            } else if (c == '\\' && quote == '"') {
                escape(out);
            } else {
                if (c == ' ' && spaces < 0) {
                    spaces = out.length();
                }
                out.append(c);
            }
            if (c != ' ') {
                spaces = -1;
            }
            if (out.length() > maxScalarChars) {
                throw new Unsupported("long scalar");
            }
        }
        return out.toString();
    }

    /**
     * After a line break inside a quoted scalar: skips the next lines' leading spaces and counts the blank lines
     * among them; {@link #pos} ends at the first character of the next line with text.
     */
    private int quotedBreaks() {
        int breaks = 0;
        while (true) {
            line++;
            if (startsLine("---") || startsLine("...")) {
                throw new Unsupported("document marker in a quoted scalar");
            }
            while (pos < n && s[pos] == ' ') {
                pos++;
            }
            if (pos >= n || s[pos] != '\n') {
                return breaks;
            }
            breaks++;
            pos++;
        }
    }

    /** The escapes of SnakeYAML's double-quoted scalars, without {@code \U} and surrogate code points. */
    private void escape(StringBuilder out) {
        if (pos >= n) {
            throw new Unsupported("escape");
        }
        char e = s[pos++];
        switch (e) {
            case '0' -> out.append('\0');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'v' -> out.append('\u000B');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case 'e' -> out.append('\u001B');
            case ' ' -> out.append(' ');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'N' -> out.append('\u0085');
            case '_' -> out.append('\u00A0');
            case 'L' -> out.append('\u2028');
            case 'P' -> out.append('\u2029');
            case 'x' -> out.append(hex(2));
            case 'u' -> out.append(hex(4));
            default -> throw new Unsupported("escape \\" + e);
        }
    }

    private char hex(int digits) {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int d = pos < n ? Character.digit(s[pos], 16) : -1;
            if (d < 0) {
                throw new Unsupported("escape");
            }
            value = value * 16 + d;
            pos++;
        }
        if (Character.isSurrogate((char) value)) {
            throw new Unsupported("escaped surrogate");
        }
        return (char) value;
    }

    /**
     * A literal or folded block scalar whose header is at {@link #pos}, by SnakeYAML's algorithm; content must be
     * indented more than {@code parentIndent}. Leaves {@link #pos} at the start of the line after it.
     */
    private String blockScalar(int parentIndent) {
        boolean folded = s[pos++] == '>';
        Boolean chomp = null; // null: clip (one final line break), false: strip, true: keep
        if (pos < n && (s[pos] == '-' || s[pos] == '+')) {
            chomp = s[pos++] == '+';
        }
        if (pos < n && s[pos] != ' ' && s[pos] != '\n') {
            throw new Unsupported("block scalar indicator");
        }
        endLine();
        StringBuilder breaks = new StringBuilder();
        int indent = -1;
        int maxBlank = 0;
        while (pos < n) { // leading blank lines, then the first content line sets the indentation
            int i = pos;
            while (i < n && s[i] == ' ') {
                i++;
            }
            if (i < n && s[i] != '\n') {
                indent = i - pos;
                break;
            }
            maxBlank = Math.max(maxBlank, i - pos);
            breaks.append('\n');
            pos = Math.min(n, i + 1);
            line++;
        }
        if (indent <= parentIndent || maxBlank > indent) {
            throw new Unsupported("block scalar indentation");
        }
        StringBuilder chunks = new StringBuilder();
        String lineBreak = "";
        pos += indent;
        while (true) { // pos is at column indent of a content line
            chunks.append(breaks);
            boolean leadingNonSpace = s[pos] != ' ';
            int start = pos;
            while (pos < n && s[pos] != '\n') {
                pos++;
            }
            chunks.append(s, start, pos - start);
            if (chunks.length() > maxScalarChars) {
                throw new Unsupported("long scalar");
            }
            lineBreak = pos < n ? "\n" : "";
            if (pos < n) {
                pos++;
                line++;
            }
            breaks.setLength(0);
            int column = blockBreaks(indent, breaks);
            if (column == indent && pos < n) {
                if (folded && !lineBreak.isEmpty() && leadingNonSpace && s[pos] != ' ') {
                    if (breaks.length() == 0) {
                        chunks.append(' ');
                    }
                } else {
                    chunks.append(lineBreak);
                }
                continue;
            }
            pos -= column; // back to the start of the line that ended the scalar
            break;
        }
        if (chomp == null || chomp) {
            chunks.append(lineBreak);
        }
        if (chomp != null && chomp) {
            chunks.append(breaks);
        }
        return chunks.toString();
    }

    /**
     * Blank lines after a block scalar's content line, each a break (spaces up to {@code indent} skipped); returns the
     * column reached on the next line that is not blank, {@link #pos} there.
     */
    private int blockBreaks(int indent, StringBuilder breaks) {
        while (true) {
            int start = pos;
            while (pos < n && pos - start < indent && s[pos] == ' ') {
                pos++;
            }
            if (pos < n && s[pos] == '\n') {
                breaks.append('\n');
                pos++;
                line++;
                continue;
            }
            return pos - start;
        }
    }

    private JsonNode plain(String folded) {
        char[] chars = folded.toCharArray();
        return plain(chars, 0, chars.length);
    }

    private JsonNode plain(int start, int end) {
        return plain(s, start, end);
    }

    private JsonNode plain(char[] text, int start, int end) {
        if (end - start > maxScalarChars) {
            throw new Unsupported("long scalar");
        }
        return PlainScalars.node(text, start, end);
    }

    // ---- field lines

    /** A new key of {@code object} (a duplicate is left to SnakeYAML, which names it), entered at its line. */
    private String enterKey(ObjectNode object, String key, int keyLine) {
        if (object.has(key)) {
            throw new Unsupported("duplicate key");
        }
        enter(key);
        mark(keyLine);
        return key;
    }

    private void enter(Object step) {
        if (lines != null) {
            at.add(step);
        }
    }

    private void leave() {
        if (lines != null) {
            at.remove(at.size() - 1);
        }
    }

    /** Records the line of the field path the reader is at, when recording; the first line recorded for a path stays. */
    private void mark(int atLine) {
        if (lines != null) {
            lines.putIfAbsent(FieldPath.of(at), atLine);
        }
    }

    private JsonNode counted(JsonNode node) {
        if (++nodes > maxNodes) {
            throw new Unsupported("node count");
        }
        return node;
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth - 5) {
            throw new Unsupported("depth");
        }
    }
}
