package io.seldonmesh.modelgateway.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a read_committed reader of the outputs may see after a gateway crash; one mode for all models of a gateway. */
public enum DeliveryMode {
    /**
     * Offsets are committed after the broker acknowledged the answers: nothing is lost, and answers written after the
     * last commit are written again by the next owner of their partition (duplicates).
     */
    AT_LEAST_ONCE("at-least-once"),
    /**
     * Answers and input offsets are committed together in Kafka transactions: a read_committed reader sees each
     * request answered exactly once.
     */
    EXACTLY_ONCE("exactly-once");

    public static final String VARIABLE = "MODELGATEWAY_DELIVERY";

    private final String value;

    DeliveryMode(String value) {
        this.value = value;
    }

    /** The name used in {@value #VARIABLE}. */
    public String value() {
        return value;
    }

    /** @throws IllegalArgumentException naming the variable, the value and the choices */
    public static DeliveryMode parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.value.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(VARIABLE + "='" + value + "' is not a delivery"
                        + " guarantee: use one of " + Arrays.stream(values()).map(DeliveryMode::value)
                                .collect(Collectors.joining(", "))));
    }
}
