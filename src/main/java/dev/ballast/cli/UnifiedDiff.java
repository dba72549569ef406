package dev.ballast.cli;

import java.util.ArrayList;
import java.util.List;

/** A unified diff ({@code diff -u}, three lines of context) of two versions of a text, line by line. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    private static final long MAX_CELLS = 4_000_000L;

    private UnifiedDiff() {
    }

    /** The diff, or "" when the texts are equal. */
    static String of(String file, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        String[] a = lines(before);
        String[] b = lines(after);
        List<int[]> ops = script(a, b); // {kind 0 same / -1 delete / +1 insert, index in a, index in b}
        // a/ and b/ as git prints them for relative paths; an absolute path is printed as it is, as diff -u does
        boolean absolute = file.startsWith("/");
        StringBuilder out = new StringBuilder((absolute ? "--- " : "--- a/") + file + "\n" + (absolute ? "+++ " : "+++ b/") + file + "\n");
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0] == 0) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int quiet = 0;
            while (end < ops.size() && quiet <= 2 * CONTEXT) {
                quiet = ops.get(end)[0] == 0 ? quiet + 1 : 0;
                end++;
            }
            end = Math.min(ops.size(), end - Math.max(0, quiet - CONTEXT));
            hunk(out, a, b, ops.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, String[] a, String[] b, List<int[]> ops) {
        int aStart = ops.get(0)[1];
        int bStart = ops.get(0)[2];
        int aCount = (int) ops.stream().filter(o -> o[0] <= 0).count();
        int bCount = (int) ops.stream().filter(o -> o[0] >= 0).count();
        out.append("@@ -").append(aStart + (aCount > 0 ? 1 : 0)).append(',').append(aCount)
                .append(" +").append(bStart + (bCount > 0 ? 1 : 0)).append(',').append(bCount).append(" @@\n");
        for (int[] o : ops) {
            String line = o[0] > 0 ? b[o[2]] : a[o[1]];
            out.append(o[0] == 0 ? ' ' : o[0] < 0 ? '-' : '+').append(line).append('\n');
        }
    }

    /** An edit script: common prefix and suffix, and a longest-common-subsequence diff of the middle when small. */
    private static List<int[]> script(String[] a, String[] b) {
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix].equals(b[prefix])) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix
                && a[a.length - 1 - suffix].equals(b[b.length - 1 - suffix])) {
            suffix++;
        }
        List<int[]> ops = new ArrayList<>();
        for (int k = 0; k < prefix; k++) {
            ops.add(new int[] {0, k, k});
        }
        int n = a.length - prefix - suffix;
        int m = b.length - prefix - suffix;
        if ((long) (n + 1) * (m + 1) <= MAX_CELLS) {
            int[][] lcs = new int[n + 1][m + 1];
            for (int x = n - 1; x >= 0; x--) {
                for (int y = m - 1; y >= 0; y--) {
                    lcs[x][y] = a[prefix + x].equals(b[prefix + y]) ? lcs[x + 1][y + 1] + 1 : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
                }
            }
            int x = 0;
            int y = 0;
            while (x < n || y < m) {
                if (x < n && y < m && a[prefix + x].equals(b[prefix + y])) {
                    ops.add(new int[] {0, prefix + x++, prefix + y++});
                } else if (y < m && (x == n || lcs[x][y + 1] > lcs[x + 1][y])) {
                    ops.add(new int[] {1, prefix + x, prefix + y++});
                } else {
                    ops.add(new int[] {-1, prefix + x++, prefix + y});
                }
            }
        } else {
            for (int x = 0; x < n; x++) {
                ops.add(new int[] {-1, prefix + x, prefix});
            }
            for (int y = 0; y < m; y++) {
                ops.add(new int[] {1, prefix + n, prefix + y});
            }
        }
        for (int k = 0; k < suffix; k++) {
            ops.add(new int[] {0, a.length - suffix + k, b.length - suffix + k});
        }
        return ops;
    }

    private static String[] lines(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length > 1 && lines[lines.length - 1].isEmpty()) {
            return java.util.Arrays.copyOf(lines, lines.length - 1);
        }
        return lines;
    }
}
