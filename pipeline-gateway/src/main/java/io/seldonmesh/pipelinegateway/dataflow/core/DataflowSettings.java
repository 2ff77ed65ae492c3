package io.seldonmesh.pipelinegateway.dataflow.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the dataflow runs; every value has a variable and a default in {@code GatewayConfig}.
 *
 * @param joinWindow how long a stage waits for the rest of a request's data when its spec gives no
 *     {@code joinWindowMs} ({@code SELDON_DATAFLOW_JOIN_WINDOW}, Seldon's default 60 s)
 * @param exactlyOnce Kafka Streams' {@code exactly_once_v2} instead of at-least-once
 *     ({@code SELDON_DATAFLOW_PROCESSING_GUARANTEE})
 * @param commitInterval how often processed offsets are committed ({@code SELDON_DATAFLOW_COMMIT_INTERVAL})
 * @param stateDir where Kafka Streams keeps its local files ({@code SELDON_DATAFLOW_STATE_DIR})
 * @param tick how often join windows and batches are checked for closing
 */
public record DataflowSettings(Duration joinWindow, boolean exactlyOnce, Duration commitInterval, Path stateDir,
                               Duration tick) {

    public static final String AT_LEAST_ONCE = "at_least_once";
    public static final String EXACTLY_ONCE = "exactly_once_v2";

    public DataflowSettings {
        Objects.requireNonNull(joinWindow, "joinWindow");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(tick, "tick");
    }

    /**
     * @throws IllegalArgumentException naming the variable and the values it takes
     */
    public static boolean exactlyOnce(String guarantee) {
        return switch (guarantee.trim().toLowerCase(Locale.ROOT)) {
            case AT_LEAST_ONCE -> false;
            case EXACTLY_ONCE -> true;
            default -> throw new IllegalArgumentException("SELDON_DATAFLOW_PROCESSING_GUARANTEE='" + guarantee
                    + "' is not a processing guarantee: use " + AT_LEAST_ONCE + " (the default) or " + EXACTLY_ONCE);
        };
    }

    public String processingGuarantee() {
        return exactlyOnce ? EXACTLY_ONCE : AT_LEAST_ONCE;
    }
}
