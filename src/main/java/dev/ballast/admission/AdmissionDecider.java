package dev.ballast.admission;

import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.policy.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the evaluations of the new (and, on UPDATE, the old) object into an admission decision, purely. Each
 * violation takes the strictest mode among the policies reporting it: Enforce denies violations the old object did
 * not have and warns about the ones it had (an urgent fix to a non-compliant workload is never blocked); Warn warns;
 * Audit says nothing.
 */
public final class AdmissionDecider {
    public static final int MAX_WARNING = 119;

    private AdmissionDecider() {
    }

    public record Decision(boolean allowed, String message, List<String> warnings) {
    }

    record Violation(String rule, String container, String message) {
    }

    public static Decision decide(List<Evaluation> current, Map<String, Mode> modes, List<Evaluation> old) {
        Set<String> before = new java.util.HashSet<>();
        for (Evaluation e : old) {
            for (Violation v : violations(e)) {
                before.add(v.rule() + "|" + v.container());
            }
        }
        Map<String, Mode> strictest = new LinkedHashMap<>();
        Map<String, Violation> byKey = new LinkedHashMap<>();
        for (Evaluation e : current) {
            Mode mode = modes.getOrDefault(e.policy(), Mode.Audit);
            for (Violation v : violations(e)) {
                String key = v.rule() + "|" + v.container() + "|" + v.message();
                byKey.putIfAbsent(key, v);
                strictest.merge(key, mode, Mode::stricter);
            }
        }
        List<String> denied = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, Violation> entry : byKey.entrySet()) {
            Violation v = entry.getValue();
            Mode mode = strictest.get(entry.getKey());
            boolean existed = before.contains(v.rule() + "|" + v.container());
            if (mode == Mode.Enforce && !existed) {
                denied.add(v.rule() + ": " + v.message());
            } else if (mode == Mode.Enforce || mode == Mode.Warn) {
                warnings.add(warning(v, existed && mode == Mode.Enforce));
            }
        }
        if (!denied.isEmpty()) {
            return new Decision(false, "Ballast denied this change (" + denied.size() + " violation"
                    + (denied.size() == 1 ? "" : "s") + "): " + String.join("; ", denied), warnings);
        }
        return new Decision(true, null, warnings);
    }

    private static List<Violation> violations(Evaluation e) {
        List<Violation> result = new ArrayList<>();
        for (RuleResult r : e.results()) {
            if (r.result() == Result.FAIL) {
                for (Finding f : r.findings()) {
                    result.add(new Violation(r.rule().id(), f.container(), f.message()));
                }
            }
        }
        return result;
    }

    static String warning(Violation v, boolean preexisting) {
        String text = (preexisting ? "existing " : "") + v.rule() + ": " + v.message();
        return text.length() <= MAX_WARNING ? text : text.substring(0, MAX_WARNING - 1) + "…";
    }
}
