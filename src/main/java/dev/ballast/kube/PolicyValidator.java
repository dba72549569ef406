package dev.ballast.kube;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Checks a policy spec offline against the same constraint annotations the CRD schema is generated from (ranges,
 * sizes, patterns, required fields), so {@code ballast audit --policy} rejects what {@code kubectl apply} would.
 */
public final class PolicyValidator {
    private static final java.util.regex.Pattern ANY_PRESENT =
            java.util.regex.Pattern.compile("\\s*has\\(self\\.\\w+\\)(\\s*\\|\\|\\s*has\\(self\\.\\w+\\))*\\s*");
    private static final java.util.regex.Pattern HAS_FIELD = java.util.regex.Pattern.compile("has\\(self\\.(\\w+)\\)");

    private PolicyValidator() {
    }

    /** Returns one message per violated constraint, each naming the field path; empty when valid. */
    public static List<String> validate(Record spec, String path) {
        List<String> errors = new ArrayList<>();
        walk(spec, path, errors);
        return errors;
    }

    private static void walk(Object value, String path, List<String> errors) {
        if (value instanceof Record record) {
            checkPresence(record, path, errors);
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                String field = path + "." + c.getName();
                check(c, v, field, errors);
                walk(v, field, errors);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    /**
     * The CRD's CEL rules of the form {@code has(self.a) || has(self.b) ...} (at least one field present), evaluated
     * here; other CEL rules are left to the API server.
     */
    private static void checkPresence(Record record, String path, List<String> errors) {
        for (ValidationRule rule : record.getClass().getAnnotationsByType(ValidationRule.class)) {
            Matcher whole = ANY_PRESENT.matcher(rule.value());
            if (!whole.matches()) {
                continue;
            }
            Matcher field = HAS_FIELD.matcher(rule.value());
            boolean present = false;
            while (field.find()) {
                present |= componentValue(record, field.group(1)) != null;
            }
            if (!present) {
                errors.add(path + ": " + rule.message());
            }
        }
    }

    private static Object componentValue(Record record, String name) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(record.getClass().getSimpleName() + " has no field " + name + " named in its CEL rule");
    }

    private static void check(RecordComponent component, Object v, String field, List<String> errors) {
        // Constraint annotations target fields and methods; on a record they land on the accessor.
        var c = component.getAccessor();
        if (v == null) {
            if (c.isAnnotationPresent(Required.class)) {
                errors.add(field + " is required");
            }
            return;
        }
        Min min = c.getAnnotation(Min.class);
        if (min != null && v instanceof Number n && n.doubleValue() < min.value()) {
            errors.add(field + ": " + v + " is below the minimum " + (long) min.value());
        }
        Max max = c.getAnnotation(Max.class);
        if (max != null && v instanceof Number n && n.doubleValue() > max.value()) {
            errors.add(field + ": " + v + " is above the maximum " + (long) max.value());
        }
        Size size = c.getAnnotation(Size.class);
        int length = v instanceof Collection<?> col ? col.size() : v instanceof String s ? s.length() : -1;
        if (size != null && length >= 0 && length < size.min()) {
            errors.add(field + " must have at least " + size.min() + (v instanceof String ? " character" : " item")
                    + (size.min() == 1 ? "" : "s"));
        }
        Pattern pattern = c.getAnnotation(Pattern.class);
        if (pattern != null && v instanceof String s && !s.matches(pattern.value())) {
            errors.add(field + ": \"" + s + "\" does not match " + pattern.value());
        }
    }
}
