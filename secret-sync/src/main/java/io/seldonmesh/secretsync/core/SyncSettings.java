package io.seldonmesh.secretsync.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What secret-sync replicates, where to, and how it refreshes tokens, read from environment
 * variables (or config properties of the same name). Every wrong value fails start-up with one
 * message naming the variable, the value seen and what is expected.
 */
public record SyncSettings(
        String sourceNamespace,
        LabelSelector sourceSelector,
        Set<String> sourceNames,
        Set<String> targetNamespaces,
        LabelSelector targetSelector,
        Duration resyncInterval,
        RefreshSchedule refreshSchedule,
        Duration tokenRequestTimeout) {

    public static final String SOURCE_NAMESPACE = "SECRET_SYNC_SOURCE_NAMESPACE";
    public static final String SOURCE_SELECTOR = "SECRET_SYNC_SOURCE_SELECTOR";
    public static final String SOURCE_NAMES = "SECRET_SYNC_SOURCE_NAMES";
    public static final String TARGET_NAMESPACES = "SECRET_SYNC_TARGET_NAMESPACES";
    public static final String TARGET_SELECTOR = "SECRET_SYNC_TARGET_SELECTOR";
    public static final String RESYNC_INTERVAL = "SECRET_SYNC_RESYNC_INTERVAL";
    public static final String TOKEN_REFRESH_FRACTION = "SECRET_SYNC_TOKEN_REFRESH_FRACTION";
    public static final String TOKEN_REFRESH_JITTER = "SECRET_SYNC_TOKEN_REFRESH_JITTER";
    public static final String TOKEN_SAFETY_MARGIN = "SECRET_SYNC_TOKEN_SAFETY_MARGIN";
    public static final String TOKEN_RETRY_INITIAL = "SECRET_SYNC_TOKEN_RETRY_INITIAL";
    public static final String TOKEN_RETRY_MAX = "SECRET_SYNC_TOKEN_RETRY_MAX";
    public static final String TOKEN_REQUEST_TIMEOUT = "SECRET_SYNC_TOKEN_REQUEST_TIMEOUT";

    /** Every variable with its default, in the order the README lists them. */
    public static final Map<String, String> DEFAULTS = orderedDefaults();

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /**
     * @param lookup the value of a variable, empty when unset
     * @throws IllegalArgumentException naming the first wrong variable
     */
    public static SyncSettings from(Function<String, Optional<String>> lookup) {
        Function<String, String> value = name -> lookup.apply(name).map(String::trim).orElse(DEFAULTS.get(name));

        String sourceNamespace = namespace(SOURCE_NAMESPACE, value.apply(SOURCE_NAMESPACE));
        LabelSelector sourceSelector = LabelSelector.parse(SOURCE_SELECTOR, value.apply(SOURCE_SELECTOR));
        Set<String> sourceNames = names(SOURCE_NAMES, value.apply(SOURCE_NAMES), SECRET_NAME, "a Secret name");
        if (sourceSelector.selectsNothing() && sourceNames.isEmpty()) {
            throw new IllegalArgumentException(SOURCE_SELECTOR + " and " + SOURCE_NAMES + " are both empty: secret-sync "
                    + "would replicate nothing; set a label selector (e.g. seldon.io/kafka-credential=true) or a list of "
                    + "Secret names in " + sourceNamespace);
        }
        Set<String> targetNamespaces = names(TARGET_NAMESPACES, value.apply(TARGET_NAMESPACES), NAMESPACE, "a namespace name");
        if (targetNamespaces.contains(sourceNamespace)) {
            throw new IllegalArgumentException(TARGET_NAMESPACES + "='" + value.apply(TARGET_NAMESPACES)
                    + "' contains the source namespace " + sourceNamespace + ": a Secret cannot be copied onto itself; "
                    + "remove it from the list");
        }
        LabelSelector targetSelector = LabelSelector.parse(TARGET_SELECTOR, value.apply(TARGET_SELECTOR));
        if (targetNamespaces.isEmpty() && targetSelector.selectsNothing()) {
            throw new IllegalArgumentException(TARGET_NAMESPACES + " and " + TARGET_SELECTOR + " are both empty: "
                    + "there is nowhere to copy to; name the namespaces (default seldon-logs) or give a label selector");
        }
        Duration resync = duration(RESYNC_INTERVAL, value.apply(RESYNC_INTERVAL), Duration.ofMillis(100));

        double fraction = fraction(TOKEN_REFRESH_FRACTION, value.apply(TOKEN_REFRESH_FRACTION));
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException(TOKEN_REFRESH_FRACTION + "='" + value.apply(TOKEN_REFRESH_FRACTION)
                    + "' must be between 0 and 1 (exclusive): the share of a token's lifetime after which it is renewed, e.g. 0.8");
        }
        double jitter = fraction(TOKEN_REFRESH_JITTER, value.apply(TOKEN_REFRESH_JITTER));
        if (jitter < 0 || jitter >= fraction) {
            throw new IllegalArgumentException(TOKEN_REFRESH_JITTER + "='" + value.apply(TOKEN_REFRESH_JITTER)
                    + "' must be at least 0 and below " + TOKEN_REFRESH_FRACTION + " (" + fraction
                    + "): the largest share of the lifetime a renewal is moved earlier at random, e.g. 0.1");
        }
        Duration margin = duration(TOKEN_SAFETY_MARGIN, value.apply(TOKEN_SAFETY_MARGIN), Duration.ZERO);
        Duration retryInitial = duration(TOKEN_RETRY_INITIAL, value.apply(TOKEN_RETRY_INITIAL), Duration.ofMillis(10));
        Duration retryMax = duration(TOKEN_RETRY_MAX, value.apply(TOKEN_RETRY_MAX), retryInitial);
        Duration timeout = duration(TOKEN_REQUEST_TIMEOUT, value.apply(TOKEN_REQUEST_TIMEOUT), Duration.ofMillis(100));

        return new SyncSettings(sourceNamespace, sourceSelector, sourceNames, targetNamespaces, targetSelector, resync,
                new RefreshSchedule(fraction, jitter, margin, retryInitial, retryMax), timeout);
    }

    /** A variable that is set, even to an empty value, overrides its default: empty turns a selector off. */
    public static SyncSettings from(Map<String, String> variables) {
        return from(name -> Optional.ofNullable(variables.get(name)));
    }

    private static Map<String, String> orderedDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(SOURCE_NAMESPACE, "seldon-mesh");
        defaults.put(SOURCE_SELECTOR, "seldon.io/kafka-credential=true");
        defaults.put(SOURCE_NAMES, "");
        defaults.put(TARGET_NAMESPACES, "seldon-logs");
        defaults.put(TARGET_SELECTOR, "seldon.io/runtime=true");
        defaults.put(RESYNC_INTERVAL, "60s");
        defaults.put(TOKEN_REFRESH_FRACTION, "0.8");
        defaults.put(TOKEN_REFRESH_JITTER, "0.1");
        defaults.put(TOKEN_SAFETY_MARGIN, "30s");
        defaults.put(TOKEN_RETRY_INITIAL, "1s");
        defaults.put(TOKEN_RETRY_MAX, "60s");
        defaults.put(TOKEN_REQUEST_TIMEOUT, "10s");
        return Collections.unmodifiableMap(defaults);
    }

    private static String namespace(String variable, String text) {
        if (text.length() > 63 || !NAMESPACE.matcher(text).matches()) {
            throw new IllegalArgumentException(variable + "='" + text + "' is not a namespace name: use at most 63 "
                    + "lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. seldon-mesh");
        }
        return text;
    }

    private static Set<String> names(String variable, String text, Pattern pattern, String what) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(name -> !name.isEmpty()).forEach(name -> {
            if (name.length() > 253 || !pattern.matcher(name).matches()) {
                throw new IllegalArgumentException(variable + "='" + text + "': '" + name + "' is not " + what
                        + "; give a comma-separated list of lowercase names, e.g. kafka-sasl,kafka-oauth");
            }
            names.add(name);
        });
        return Set.copyOf(names);
    }

    private static double fraction(String variable, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + "='" + text + "' is not a number; expected a decimal such as 0.8");
        }
    }

    private static Duration duration(String variable, String text, Duration minimum) {
        Duration duration = parseDuration(variable, text);
        if (duration.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(variable + "='" + text + "' is shorter than the minimum of "
                    + minimum.toMillis() + "ms");
        }
        return duration;
    }

    private static Duration parseDuration(String variable, String text) {
        Matcher simple = SHORT_DURATION.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(variable + "='" + text + "' is not a duration; use a number with a "
                    + "unit (500ms, 30s, 5m, 1h; no unit means seconds) or ISO-8601 (PT30S)");
        }
    }
}
