package dev.ballast.rules.engine;

import dev.ballast.rules.catalog.Target;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.ResourceRef;
import dev.ballast.rules.model.SourceRef;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts over (object, rule) pairs and the score derived from them: {@code floor(100 × passed / (passed +
 * failed))}, 100 when nothing was evaluated. {@code objects} counts distinct objects (kind, namespace, name and
 * source: a file and line, or a UID), {@code compliant} those
 * with no failure under any policy. HPAs and PodDisruptionBudgets judged on their own (api-deprecated) count in
 * {@code passed}/{@code failed}/{@code skipped} but not as objects: those are the workloads (and ConfigMaps/Secrets).
 * So do schema results ({@code ballast audit --strict}, judged on every manifest): a workload whose schema fails is
 * not compliant, but a Service adds no object.
 */
public record Score(int objects, int compliant, int passed, int failed, int skipped) {
    private static final Set<String> NOT_OBJECTS = Set.of(HpaView.KIND, PodDisruptionBudgetView.KIND);

    public int score() {
        return percent(passed, failed);
    }

    public static int percent(long passed, long failed) {
        long total = passed + failed;
        return total == 0 ? 100 : (int) (100 * passed / total);
    }

    public static Score of(Collection<Evaluation> evaluations) {
        Set<Object> objects = new HashSet<>();
        Set<Object> failing = new HashSet<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Set<Object> schemaFailing = new HashSet<>();
        for (Evaluation e : evaluations) {
            passed += e.count(Result.PASS);
            int f = e.count(Result.FAIL);
            failed += f;
            skipped += e.count(Result.SKIP);
            if (NOT_OBJECTS.contains(e.subject().kind())) {
                continue;
            }
            if (e.results().stream().allMatch(r -> r.rule().target() == Target.MANIFEST)) {
                if (f > 0) {
                    schemaFailing.add(key(e));
                }
                continue;
            }
            Object key = key(e);
            objects.add(key);
            if (f > 0) {
                failing.add(key);
            }
        }
        schemaFailing.retainAll(objects);
        failing.addAll(schemaFailing);
        return new Score(objects.size(), objects.size() - failing.size(), passed, failed, skipped);
    }

    /**
     * The object: kind, namespace, name and source, so two manifests of one name in different files are two objects.
     * A string, not the ResourceRef record: a record's generated hashCode is bootstrapped through invokedynamic, which
     * costs a cold CLI about 10 ms.
     */
    private static Object key(Evaluation e) {
        ResourceRef ref = e.subject();
        SourceRef source = ref.source() == null ? SourceRef.NONE : ref.source();
        return ref.kind() + '\0' + ref.namespace() + '\0' + ref.name() + '\0' + source.file() + '\0' + source.line()
                + '\0' + source.uid();
    }
}
