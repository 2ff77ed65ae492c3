package io.seldonmesh.secretsync.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in kubectl's string form ({@code a=b,c!=d,e,!f,g in (x,y),h notin (z)}),
 * matched here rather than by the API server: the same namespace list then answers both "which
 * namespaces are targets now" and "which stopped being targets", which a server-side filtered watch
 * cannot tell apart from a deleted namespace.
 */
public final class LabelSelector {

    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern SET_REQUIREMENT = Pattern.compile("(\\S+)\\s+(in|notin)\\s+\\(([^)]*)\\)");

    private enum Operator { EQUALS, NOT_EQUALS, EXISTS, NOT_EXISTS, IN, NOT_IN }

    private record Requirement(String key, Operator operator, Set<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
            };
        }
    }

    private final String text;
    private final List<Requirement> requirements;

    private LabelSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = requirements;
    }

    /** The selector that selects nothing: used when a setting leaves label selection out. */
    public static LabelSelector none() {
        return new LabelSelector("", null);
    }

    /**
     * @param variable the setting the text came from, named in the error
     * @throws IllegalArgumentException naming the variable, the text and the expected form
     */
    public static LabelSelector parse(String variable, String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return none();
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(trimmed)) {
            requirements.add(requirement(variable, trimmed, part.trim()));
        }
        return new LabelSelector(trimmed, List.copyOf(requirements));
    }

    /** False for {@link #none()}; otherwise true when every requirement holds. */
    public boolean matches(Map<String, String> labels) {
        if (requirements == null) {
            return false;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(requirement -> requirement.matches(present));
    }

    public boolean selectsNothing() {
        return requirements == null;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "<none>" : text;
    }

    private static Requirement requirement(String variable, String selector, String part) {
        Matcher set = SET_REQUIREMENT.matcher(part);
        if (set.matches()) {
            String key = key(variable, selector, set.group(1));
            Set<String> values = new LinkedHashSet<>();
            for (String value : set.group(3).split(",")) {
                values.add(value(variable, selector, value.trim()));
            }
            return new Requirement(key, set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, Set.copyOf(values));
        }
        int notEquals = part.indexOf("!=");
        if (notEquals > 0) {
            return new Requirement(key(variable, selector, part.substring(0, notEquals).trim()), Operator.NOT_EQUALS,
                    Set.of(value(variable, selector, part.substring(notEquals + 2).trim())));
        }
        int equals = part.indexOf('=');
        if (equals > 0) {
            int valueStart = part.startsWith("==", equals) ? equals + 2 : equals + 1;
            return new Requirement(key(variable, selector, part.substring(0, equals).trim()), Operator.EQUALS,
                    Set.of(value(variable, selector, part.substring(valueStart).trim())));
        }
        if (part.startsWith("!")) {
            return new Requirement(key(variable, selector, part.substring(1).trim()), Operator.NOT_EXISTS, Set.of());
        }
        return new Requirement(key(variable, selector, part), Operator.EXISTS, Set.of());
    }

    private static String key(String variable, String selector, String key) {
        if (!KEY.matcher(key).matches()) {
            throw invalid(variable, selector, "'" + key + "' is not a label key");
        }
        return key;
    }

    private static String value(String variable, String selector, String value) {
        if (value.length() > 63 || !VALUE.matcher(value).matches()) {
            throw invalid(variable, selector, "'" + value + "' is not a label value");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String variable, String selector, String problem) {
        return new IllegalArgumentException(variable + "='" + selector + "' is not a label selector: " + problem
                + "; use kubectl's form, e.g. 'seldon.io/kafka-credential=true' or 'tier in (a,b),!legacy'");
    }

    /** Splits on commas outside parentheses, so set requirements keep their value lists. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
