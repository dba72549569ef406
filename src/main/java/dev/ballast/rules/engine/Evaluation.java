package dev.ballast.rules.engine;

import dev.ballast.rules.model.ResourceRef;
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
}
