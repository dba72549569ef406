package dev.ballast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads one input (a file or stdin) as UTF-8 text within {@link InputLimits}, naming the file and line of any problem. */
final class InputText {
    private InputText() {
    }

    static String read(Path file, InputLimits limits) {
        try {
            if (Files.isDirectory(file)) {
                throw new InputException(file + ": is a directory");
            }
            long size = Files.size(file);
            if (size > limits.maxFileBytes) {
                throw tooLarge(file.toString(), size, limits);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(file.toString(), in, limits);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new InputException(file + ": permission denied");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    static String read(String name, InputStream in, InputLimits limits) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) limits.maxFileBytes + 1);
        } catch (IOException e) {
            throw new InputException(name + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > limits.maxFileBytes) {
            throw tooLarge(name, bytes.length, limits);
        }
        return decode(name, bytes);
    }

    /** Strict UTF-8: the first malformed sequence is reported with its line and byte offset; a leading BOM is dropped. */
    static String decode(String name, byte[] bytes) {
        // the JDK's own decoding is several times faster; it replaces malformed input with U+FFFD, so text without
        // one was well-formed, and only text with one is decoded again, strictly, to tell a real U+FFFD from an error
        String fast = new String(bytes, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast.startsWith("\uFEFF") ? fast.substring(1) : fast;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InputException("file " + name + ": invalid UTF-8 at line " + line + " (byte offset " + offset + ")");
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }

    /** Fails on the first line longer than the limit (checked before the YAML parser, whose cost it bounds). */
    static void checkLines(String name, String text, InputLimits limits) {
        int line = 1;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end - start > limits.maxLineChars) {
                throw InputException.at(name, line, "line is " + (end - start) + " characters long, over the limit of "
                        + limits.maxLineChars + " (--max-line-length)");
            }
            line++;
            start = end + 1;
        }
    }

    private static InputException tooLarge(String name, long size, InputLimits limits) {
        return new InputException(name + ": " + (size > limits.maxFileBytes + 1 ? size + " bytes" : "more than "
                + limits.maxFileBytes + " bytes") + ", over the limit of " + limits.maxFileBytes + " (--max-file-size)");
    }
}
