package dev.ballast.rules.apis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor release, {@code 1.34}; ordered by major, then minor. */
public record KubeVersion(int major, int minor) implements Comparable<KubeVersion> {
    /** What {@code apis.targetVersion} accepts: {@code MAJOR.MINOR}, no patch, no {@code v}. */
    public static final String PATTERN = "^[0-9]{1,2}\\.[0-9]{1,3}$";
    private static final Pattern TEXT = Pattern.compile(PATTERN);

    /** Parses {@code 1.34}; an {@link IllegalArgumentException} for anything else ({@code 1.x}, {@code v1.34}). */
    public static KubeVersion parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a Kubernetes version such as 1.34");
        }
        int dot = text.indexOf('.');
        return new KubeVersion(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }

    public boolean atLeast(KubeVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KubeVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
