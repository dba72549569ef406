package dev.ballast.cli;

import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code ballast audit} arguments in the plain forms CI scripts write ({@code -f DIR --format json --strict}), read
 * without picocli: building picocli's model is most of a small audit's start-up. Anything else gives null, and
 * picocli reads the command line as always: help, version, errors, abbreviations, {@code @}-files, case-insensitive
 * enum values, numbers and repeated single options. AuditArgumentsTest holds both readers to the same result.
 */
final class AuditArguments {
    private static final Set<String> FLAGS = Set.of("--no-color", "--allow-empty", "--strict", "--ignore-missing-schemas");
    private static final Set<String> WITH_VALUE = Set.of("-f", "--file", "--policy", "--format", "--fail-on", "--base-dir",
            "--crd");

    private AuditArguments() {
    }

    /** The audit {@code args} ask for, or null when picocli should read them. */
    static AuditCommand parse(String[] args, InputStream stdin, boolean terminal) {
        if (args.length < 3 || !"audit".equals(args[0])) {
            return null;
        }
        AuditCommand audit = new AuditCommand(stdin, terminal);
        audit.format = AuditCommand.Format.table;
        audit.failOn = Gate.FailOn.violation;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            boolean repeatable = name.equals("-f") || name.equals("--file") || name.equals("--crd");
            if (!seen.add(name.equals("-f") ? "--file" : name) && !repeatable) {
                return null;
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    return null;
                }
                switch (name) {
                    case "--no-color" -> audit.noColor = true;
                    case "--allow-empty" -> audit.allowEmpty = true;
                    case "--strict" -> audit.strict = true;
                    default -> audit.ignoreMissingSchemas = true;
                }
                continue;
            }
            if (!WITH_VALUE.contains(name)) {
                return null;
            }
            if (value == null) {
                if (++i == args.length) {
                    return null;
                }
                value = args[i];
            }
            if (!plain(value) || !set(audit, name, value)) {
                return null;
            }
        }
        return audit.inputs.isEmpty() ? null : audit;
    }

    /** A value picocli could read otherwise: empty, an option name, an @-file, or a dash-led word ("-" is stdin). */
    private static boolean plain(String value) {
        return !value.isEmpty() && !value.startsWith("@") && (value.equals("-") || !value.startsWith("-"));
    }

    private static boolean set(AuditCommand audit, String name, String value) {
        try {
            return assign(audit, name, value);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean assign(AuditCommand audit, String name, String value) {
        switch (name) {
            case "-f", "--file" -> audit.inputs.add(value);
            case "--policy" -> audit.policyFile = Path.of(value);
            case "--base-dir" -> audit.baseDir = Path.of(value);
            case "--crd" -> audit.crds.add(Path.of(value));
            case "--format" -> audit.format = named(AuditCommand.Format.class, value);
            default -> audit.failOn = named(Gate.FailOn.class, value);
        }
        return audit.format != null && audit.failOn != null;
    }

    /** The constant written exactly so; null for any other spelling (picocli then reads it, case-insensitively). */
    private static <E extends Enum<E>> E named(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return null;
    }
}
