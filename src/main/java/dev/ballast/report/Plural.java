package dev.ballast.report;

/** "1 workload", "2 workloads": a count and its noun, for every summary line people read. */
public final class Plural {
    private Plural() {
    }

    /** The count and the noun, with "s" added unless the count is exactly one. */
    public static String of(long count, String singular) {
        return of(count, singular, singular + "s");
    }

    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
