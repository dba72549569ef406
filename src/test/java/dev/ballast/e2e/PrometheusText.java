package dev.ballast.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads samples out of Prometheus text exposition (the operator's /q/metrics, kube-apiserver's /metrics). */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** The sum of every sample of {@code name} whose line contains all of {@code labels} (e.g. {@code area="heap"}). */
    public static double sum(String text, String name, String... labels) {
        return samples(text, name, labels).mapToDouble(PrometheusText::value).sum();
    }

    /** Cumulative bucket counts of histogram {@code name} over the matching series, keyed by upper bound in seconds. */
    public static Map<Double, Double> buckets(String text, String name, String... labels) {
        Map<Double, Double> buckets = new TreeMap<>();
        samples(text, name + "_bucket", labels).forEach(line -> {
            int start = line.indexOf("le=\"") + 4;
            String le = line.substring(start, line.indexOf('"', start));
            buckets.merge("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value(line), Double::sum);
        });
        return buckets;
    }

    /** Metric families starting with {@code prefix} whose HELP line is missing or empty. */
    static java.util.List<String> withoutHelp(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith("# TYPE " + prefix)).map(l -> l.split(" ")[2])
                .filter(family -> text.lines().noneMatch(l -> l.startsWith("# HELP " + family + " ")
                        && !l.substring(("# HELP " + family + " ").length()).isBlank())).toList();
    }

    private static Stream<String> samples(String text, String name, String... labels) {
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Stream.of(labels).allMatch(l::contains));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
