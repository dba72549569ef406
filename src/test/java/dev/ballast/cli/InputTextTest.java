package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputTextTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void wellFormedTextIsKeptAsWrittenIncludingAnEncodedReplacementCharacter() {
        assertThat(InputText.decode("f.yaml", bytes("a: ü\nb: \uFFFD\n"))).isEqualTo("a: ü\nb: \uFFFD\n");
    }

    @Test
    void aLeadingByteOrderMarkIsDropped() {
        assertThat(InputText.decode("f.yaml", bytes("\uFEFFkind: Deployment\n"))).isEqualTo("kind: Deployment\n");
    }

    @Test
    void malformedUtf8NamesItsLineAndOffsetEvenNextToAnEncodedReplacementCharacter() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("a: \uFFFD\nb: x\n"));
        int offset = out.size() + 3;
        out.writeBytes(bytes("c: "));
        out.write(0xC3); // a lead byte with no continuation
        out.writeBytes(bytes("\n"));

        assertThatThrownBy(() -> InputText.decode("f.yaml", out.toByteArray()))
                .hasMessage("file f.yaml: invalid UTF-8 at line 3 (byte offset " + offset + ")");
    }

    @Test
    void theLineLimitCountsEveryLineIncludingTheLastWithoutANewline() {
        InputLimits limits = InputLimits.defaults();
        limits.maxLineChars = 4;
        InputText.checkLines("f.yaml", "abcd\nefgh\n\nijkl", limits);

        assertThatThrownBy(() -> InputText.checkLines("f.yaml", "abcd\nefgh\nijklm", limits))
                .hasMessage("f.yaml:3: line is 5 characters long, over the limit of 4 (--max-line-length)");
        assertThatThrownBy(() -> InputText.checkLines("f.yaml", "abcde\n", limits))
                .hasMessage("f.yaml:1: line is 5 characters long, over the limit of 4 (--max-line-length)");
    }
}
