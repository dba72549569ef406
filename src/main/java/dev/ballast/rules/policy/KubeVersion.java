package dev.ballast.rules.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor version, {@code 1.34}; ordered. */
public record KubeVersion(int major, int minor) implements Comparable<KubeVersion> {
    private static final Pattern FORM = Pattern.compile("v?(\\d{1,3})\\.(\\d{1,3})(?:\\.\\d+)?(?:[-+].*)?");

    /** Parses {@code 1.34}, {@code v1.34} or {@code v1.34.4} (the patch is dropped). */
    public static Optional<KubeVersion> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        return m.matches() ? Optional.of(new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    public boolean atLeast(KubeVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KubeVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
