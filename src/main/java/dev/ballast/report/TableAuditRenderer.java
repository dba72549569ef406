package dev.ballast.report;

import java.io.IOException;
import java.util.List;

/** A human-readable table, one line per finding, then the summary. Colour only when asked (on a terminal). */
public final class TableAuditRenderer implements AuditRenderer {
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";
    private final boolean colour;

    public TableAuditRenderer(boolean colour) {
        this.colour = colour;
    }

    @Override
    public void render(AuditResult result, Appendable out) throws IOException {
        List<FindingRow> rows = result.rows();
        String[] header = {"RESULT", "SEVERITY", "RULE", "OBJECT", "CONTAINER", "MESSAGE"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (FindingRow r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < cells.length - 1; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        if (!rows.isEmpty()) {
            line(header, width, null, out);
            for (FindingRow r : rows) {
                line(cells(r), width, colourOf(r), out);
            }
            out.append(System.lineSeparator());
        }
        var s = result.score();
        out.append(String.format("%s, %d passed, %d failed, %d skipped, score %d%n",
                Plural.of(s.objects(), "workload"), s.passed(), s.failed(), s.skipped(), s.score()));
    }

    private String colourOf(FindingRow r) {
        if (!colour) {
            return null;
        }
        return switch (r.result()) {
            case SKIP -> DIM;
            default -> switch (r.severity()) {
                case CRITICAL, HIGH -> RED;
                default -> YELLOW;
            };
        };
    }

    private static String[] cells(FindingRow r) {
        String where = r.file() == null ? "" : "  (" + r.file() + ":" + r.line() + ")";
        return new String[] {r.result().id(), r.severity().id(), r.rule().id(), r.object(),
                r.container() == null ? "-" : r.container(), r.message() + where};
    }

    private static void line(String[] cells, int[] width, String colour, Appendable out) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        out.append(colour == null ? sb : colour + sb + RESET).append(System.lineSeparator());
    }
}
