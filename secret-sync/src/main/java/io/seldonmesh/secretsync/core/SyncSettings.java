package io.seldonmesh.secretsync.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What secret-sync replicates, where to, and how it refreshes tokens, checked from the {@link SyncVariables}. Every
 * wrong value fails start-up with one message naming the variable, the value seen and what is expected.
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

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /** @throws IllegalArgumentException naming the first wrong variable, the value seen and what is expected */
    public static SyncSettings from(SyncVariables variables) {
        String sourceNamespace = namespace(SOURCE_NAMESPACE, text(variables.sourceNamespace()));
        LabelSelector sourceSelector = LabelSelector.parse(SOURCE_SELECTOR, text(variables.sourceSelector()));
        Set<String> sourceNames = names(SOURCE_NAMES, text(variables.sourceNames()), SECRET_NAME, "a Secret name");
        if (sourceSelector.selectsNothing() && sourceNames.isEmpty()) {
            throw new IllegalArgumentException(SOURCE_SELECTOR + " and " + SOURCE_NAMES + " are both empty: secret-sync "
                    + "would replicate nothing; set a label selector (e.g. seldon.io/kafka-credential=true) or a list of "
                    + "Secret names in " + sourceNamespace);
        }
        String targetList = text(variables.targetNamespaces());
        Set<String> targetNamespaces = names(TARGET_NAMESPACES, targetList, NAMESPACE, "a namespace name");
        if (targetNamespaces.contains(sourceNamespace)) {
            throw new IllegalArgumentException(TARGET_NAMESPACES + "='" + targetList + "' contains the source namespace "
                    + sourceNamespace + ": a Secret cannot be copied onto itself; remove it from the list");
        }
        LabelSelector targetSelector = LabelSelector.parse(TARGET_SELECTOR, text(variables.targetSelector()));
        if (targetNamespaces.isEmpty() && targetSelector.selectsNothing()) {
            throw new IllegalArgumentException(TARGET_NAMESPACES + " and " + TARGET_SELECTOR + " are both empty: "
                    + "there is nowhere to copy to; name the namespaces (default seldon-logs) or give a label selector");
        }
        Duration resync = duration(RESYNC_INTERVAL, text(variables.resyncInterval()), Duration.ofMillis(100));

        String fractionText = text(variables.tokenRefreshFraction());
        double fraction = fraction(TOKEN_REFRESH_FRACTION, fractionText);
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException(TOKEN_REFRESH_FRACTION + "='" + fractionText + "' must be between 0 and 1"
                    + " (exclusive): the share of a token's lifetime after which it is renewed, e.g. 0.8");
        }
        String jitterText = text(variables.tokenRefreshJitter());
        double jitter = fraction(TOKEN_REFRESH_JITTER, jitterText);
        if (jitter < 0 || jitter >= fraction) {
            throw new IllegalArgumentException(TOKEN_REFRESH_JITTER + "='" + jitterText + "' must be at least 0 and below "
                    + TOKEN_REFRESH_FRACTION + " (" + fraction + "): the largest share of the lifetime a renewal is moved"
                    + " earlier at random, e.g. 0.1");
        }
        Duration margin = duration(TOKEN_SAFETY_MARGIN, text(variables.tokenSafetyMargin()), Duration.ZERO);
        Duration retryInitial = duration(TOKEN_RETRY_INITIAL, text(variables.tokenRetryInitial()), Duration.ofMillis(10));
        Duration retryMax = duration(TOKEN_RETRY_MAX, text(variables.tokenRetryMax()), retryInitial);
        Duration timeout = duration(TOKEN_REQUEST_TIMEOUT, text(variables.tokenRequestTimeout()), Duration.ofMillis(100));

        return new SyncSettings(sourceNamespace, sourceSelector, sourceNames, targetNamespaces, targetSelector, resync,
                new RefreshSchedule(fraction, jitter, margin, retryInitial, retryMax), timeout);
    }

    private static String text(Optional<String> value) {
        return value.map(String::trim).orElse("");
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
