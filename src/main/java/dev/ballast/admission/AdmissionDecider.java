package dev.ballast.admission;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.policy.Mode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the evaluations of the new (and, on UPDATE, the old) object into an admission decision, purely. Each
 * violation takes the strictest mode among the policies reporting it: Enforce denies violations the old object did
 * not have and warns about the ones it had (an urgent fix to a non-compliant workload is never blocked); Warn warns;
 * Audit says nothing. The denial lists one violation per line as {@code policy/rule: message}, as Kyverno's does;
 * the message and the warnings name at most {@code limit} violations, then say how many more there are.
 */
public final class AdmissionDecider {
    /**
     * Longest line, denial or warning. kube-apiserver may truncate a warning past 256 characters and drops warnings
     * past 4,096 in total, so 20 warnings and the "and N more" line still arrive whole.
     */
    public static final int MAX_LINE = 180;
    public static final int DEFAULT_LIMIT = 20;
    /** What happened outranks how to fix it: the remedy is appended only while the message keeps 80 characters. */
    private static final int MIN_MESSAGE = 80;

    private AdmissionDecider() {
    }

    public record Decision(boolean allowed, String message, List<String> warnings) {
    }

    record Violation(String policy, RuleId rule, String container, String message) {
    }

    public static Decision decide(List<Evaluation> current, Map<String, Mode> modes, List<Evaluation> old) {
        return decide(current, modes, old, DEFAULT_LIMIT);
    }

    public static Decision decide(List<Evaluation> current, Map<String, Mode> modes, List<Evaluation> old, int limit) {
        Set<String> before = new HashSet<>();
        for (Evaluation e : old) {
            for (Violation v : violations(e)) {
                before.add(v.rule().id() + "|" + v.container());
            }
        }
        Map<String, Violation> strictest = new LinkedHashMap<>();
        Map<String, Mode> strictestMode = new LinkedHashMap<>();
        for (Evaluation e : current) {
            Mode mode = modes.getOrDefault(e.policy(), Mode.Audit);
            for (Violation v : violations(e)) {
                String key = v.rule().id() + "|" + v.container() + "|" + v.message();
                Mode known = strictestMode.get(key);
                if (known == null || known.stricter(mode) != known) {
                    strictestMode.put(key, mode);
                    strictest.put(key, v); // named after the strictest policy reporting it
                }
            }
        }
        Lines denied = new Lines(limit);
        Lines warnings = new Lines(limit);
        for (Map.Entry<String, Violation> entry : strictest.entrySet()) {
            Violation v = entry.getValue();
            Mode mode = strictestMode.get(entry.getKey());
            boolean existed = before.contains(v.rule().id() + "|" + v.container());
            if (mode == Mode.Enforce && !existed) {
                denied.add(v, "");
            } else if (mode == Mode.Enforce || mode == Mode.Warn) {
                warnings.add(v, existed && mode == Mode.Enforce ? "existing " : "");
            }
        }
        List<String> warningLines = warnings.lines("warning");
        if (denied.count() > 0) {
            return new Decision(false, "Ballast denied this change (" + denied.count() + " violation"
                    + (denied.count() == 1 ? "" : "s") + "):\n" + String.join("\n", denied.lines("violation")), warningLines);
        }
        return new Decision(true, null, warningLines);
    }

    /** The first {@code limit} lines, formatted; the rest only counted. */
    private static final class Lines {
        private final int limit;
        private final List<String> lines = new ArrayList<>();
        private int count;

        Lines(int limit) {
            this.limit = Math.max(1, limit);
        }

        void add(Violation v, String prefix) {
            if (count++ < limit) {
                lines.add(line(v, prefix));
            }
        }

        int count() {
            return count;
        }

        List<String> lines(String noun) {
            if (count <= limit) {
                return lines;
            }
            List<String> bounded = new ArrayList<>(lines);
            int more = count - limit;
            bounded.add("and " + more + " more " + noun + (more == 1 ? "" : "s"));
            return bounded;
        }
    }

    private static List<Violation> violations(Evaluation e) {
        return e.failures().stream()
                .map(f -> new Violation(e.policy(), f.rule(), f.finding().container(), f.finding().message())).toList();
    }

    /**
     * {@code [existing ]policy/rule: message}, at most {@link #MAX_LINE} characters: a long message is cut at a word
     * boundary, followed by the rule's remedy when that leaves the message at least {@code MIN_MESSAGE} characters.
     */
    static String line(Violation v, String prefix) {
        String head = prefix + v.policy() + "/" + v.rule().id() + ": ";
        String text = head + v.message();
        if (text.length() <= MAX_LINE) {
            return text;
        }
        String hint = " (fix: " + lowerFirst(v.rule().remedy()) + ")";
        int room = MAX_LINE - head.length() - hint.length() - 1;
        if (room < MIN_MESSAGE) {
            return cutAtWord(text, MAX_LINE - 1) + "…";
        }
        return head + cutAtWord(v.message(), room) + "…" + hint;
    }

    /** The longest prefix of {@code s} of at most {@code max} characters that ends before a space, else a hard cut. */
    static String cutAtWord(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int space = s.lastIndexOf(' ', max);
        String cut = space > max / 2 ? s.substring(0, space) : s.substring(0, max);
        return cut.stripTrailing().replaceAll("[,;:]$", "");
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
