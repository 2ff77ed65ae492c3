package io.seldonmesh.common.spec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for the name of a Model or Pipeline: a Kubernetes DNS-1123 label, as Seldon Core 2's resources have
 * (their names also name Kafka topics, consumer groups and Kubernetes objects, where anything else breaks later and
 * further from the cause).
 */
public final class ResourceName {

    public static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ResourceName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && LABEL.matcher(name).matches();
    }

    /** Why {@code name} cannot name a {@code kind} ("model", "pipeline"), with a name that could; empty when it can. */
    public static Optional<String> problem(String kind, String name) {
        if (isValid(name)) {
            return Optional.empty();
        }
        String suggestion = suggest(name);
        return Optional.of("'" + name + "' is not a valid " + kind + " name: Seldon " + kind + " names are Kubernetes"
                + " DNS-1123 labels: at most " + MAX_LENGTH + " characters, lowercase letters, digits and '-', starting"
                + " and ending with a letter or digit" + (isValid(suggestion) ? " (e.g. '" + suggestion + "')" : ""));
    }

    private static String suggest(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return lower.length() > MAX_LENGTH ? lower.substring(0, MAX_LENGTH).replaceAll("-+$", "") : lower;
    }
}
