package dev.ballast.rules.engine;

import dev.ballast.rules.model.ResourceRef;
import java.util.ArrayList;
import java.util.List;

/** Every applicable rule's result for one object under one policy. */
public record Evaluation(String policy, ResourceRef subject, List<RuleResult> results) {
    public Evaluation {
        results = List.copyOf(results);
    }

    public int count(Result result) {
        int n = 0;
        for (RuleResult r : results) {
            if (r.result() == result) {
                n++;
            }
        }
        return n;
    }

    public boolean compliant() {
        return count(Result.FAIL) == 0;
    }

    /** The results that are {@code kind}, in rule order. */
    public List<RuleResult> resultsOf(Result kind) {
        return results.stream().filter(r -> r.result() == kind).toList();
    }

    /** The failing and skipped results, in rule order. */
    public List<RuleResult> nonPassing() {
        return results.stream().filter(r -> r.result() != Result.PASS).toList();
    }

    /** Each finding of each failing result, in rule order. */
    public List<ResultFinding> failures() {
        return findingsOf(resultsOf(Result.FAIL));
    }

    /** Each finding of each failing or skipped result (a skip's one finding is its reason), in rule order. */
    public List<ResultFinding> nonPassingFindings() {
        return findingsOf(nonPassing());
    }

    private static List<ResultFinding> findingsOf(List<RuleResult> results) {
        List<ResultFinding> flat = new ArrayList<>();
        for (RuleResult r : results) {
            for (Finding f : r.findings()) {
                flat.add(new ResultFinding(r, f));
            }
        }
        return List.copyOf(flat);
    }
}
