package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(UnifiedDiff.of("f", "a\nb\n", "a\nb\n")).isEmpty();
    }

    @Test
    void aReplacedLineIsRemovedThenAddedInPlaceWithThreeLinesOfContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n14\nnew\n15\n";
        assertThat(UnifiedDiff.of("f.yaml", before, after)).isEqualTo("""
                --- a/f.yaml
                +++ b/f.yaml
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                @@ -12,4 +12,5 @@
                 12
                 13
                 14
                +new
                 15
                """);
    }

    @Test
    void anAbsolutePathIsPrintedAsItIsWithoutGitsPrefixes() {
        assertThat(UnifiedDiff.of("/tmp/x/f.yaml", "a\n", "b\n")).startsWith("--- /tmp/x/f.yaml\n+++ /tmp/x/f.yaml\n@@ -1,1 +1,1 @@\n");
    }
}
