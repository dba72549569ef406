package dev.ballast.rules.policy;

import dev.ballast.rules.catalog.RuleId;
import java.util.List;
import java.util.Set;

/**
 * A policy exemption. An empty list means "any": namespaces, name globs ({@code *} and {@code ?}) and rules must
 * all match for the exemption to apply.
 */
public record Exemption(Set<String> namespaces, List<String> names, Set<RuleId> rules, String reason) {

    public Exemption {
        namespaces = Set.copyOf(namespaces);
        names = List.copyOf(names);
        rules = rules.isEmpty() ? Set.of() : Set.copyOf(rules);
    }

    public boolean covers(String namespace, String name, RuleId rule) {
        return (namespaces.isEmpty() || namespaces.contains(namespace))
                && (rules.isEmpty() || rules.contains(rule))
                && (names.isEmpty() || names.stream().anyMatch(glob -> globMatches(glob, name)));
    }

    /** Whether a name matches a glob of {@code *} (any run) and {@code ?} (one character). */
    public static boolean globMatches(String glob, String name) {
        return globMatches(glob, 0, name, 0);
    }

    private static boolean globMatches(String glob, int g, String name, int n) {
        while (g < glob.length()) {
            char c = glob.charAt(g);
            if (c == '*') {
                for (int i = n; i <= name.length(); i++) {
                    if (globMatches(glob, g + 1, name, i)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length() || (c != '?' && c != name.charAt(n))) {
                return false;
            }
            g++;
            n++;
        }
        return n == name.length();
    }
}
