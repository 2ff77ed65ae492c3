package io.seldonmesh.pipelinegateway.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses each request's timeout: the caller's (header {@code seldon-timeout} or query {@code timeout}) when
 * given, else the default; never more than the maximum, so a caller cannot pin a pending slot for hours.
 * Values are {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, ISO-8601 ({@code PT5S}), or a bare number
 * of seconds.
 */
public record TimeoutPolicy(Duration defaultTimeout, Duration maxTimeout) {

    public static final String DEFAULT_VARIABLE = "SELDON_GATEWAY_TIMEOUT";
    public static final String MAX_VARIABLE = "SELDON_GATEWAY_MAX_TIMEOUT";

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final String FORMS = "use e.g. 500ms, 5s, 1.5s, 2m or a number of seconds";

    public TimeoutPolicy {
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException(DEFAULT_VARIABLE + "=" + defaultTimeout + " must be positive");
        }
        if (maxTimeout.compareTo(defaultTimeout) < 0) {
            throw new IllegalArgumentException(MAX_VARIABLE + "=" + format(maxTimeout) + " is below "
                    + DEFAULT_VARIABLE + "=" + format(defaultTimeout) + ": the maximum must be at least the default");
        }
    }

    /**
     * @param requested the caller's value, if any
     * @param source where it came from, e.g. {@code seldon-timeout}, for messages
     * @throws InferenceFailure INVALID_REQUEST when the value cannot be read or is not positive
     */
    public RequestTimeout choose(Optional<String> requested, String source) {
        Optional<String> given = requested.map(String::strip).filter(v -> !v.isEmpty());
        if (given.isEmpty()) {
            return new RequestTimeout(defaultTimeout, "the default " + DEFAULT_VARIABLE);
        }
        Duration asked = parse(given.get(), source);
        String origin = source + "=" + given.get();
        if (asked.compareTo(maxTimeout) > 0) {
            return new RequestTimeout(maxTimeout, origin + " capped at " + MAX_VARIABLE + "=" + format(maxTimeout));
        }
        return new RequestTimeout(asked, origin);
    }

    static Duration parse(String text, String source) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        if (value.startsWith("pt")) {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text, source, FORMS);
            }
        } else {
            Matcher matcher = WITH_UNIT.matcher(value);
            if (!matcher.matches()) {
                throw invalid(text, source, FORMS);
            }
            BigDecimal amount = new BigDecimal(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            BigDecimal millis = amount.multiply(BigDecimal.valueOf(switch (unit) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                default -> 3_600_000L;
            }));
            duration = Duration.ofMillis(millis.min(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)).longValue());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(text, source, "a timeout must be at least 1ms");
        }
        return duration;
    }

    /** {@code 250 ms}, {@code 5 s}, {@code 1.5 s}, {@code 120 s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static InferenceFailure invalid(String text, String source, String expected) {
        return new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST,
                source + "='" + text + "' is not a timeout: " + expected);
    }
}
