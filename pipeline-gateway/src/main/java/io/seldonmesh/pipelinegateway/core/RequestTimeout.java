package io.seldonmesh.pipelinegateway.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one request may wait for its answer, and where that number came from, so a 504 can say
 * why it came when it did.
 *
 * @param duration how long to wait
 * @param origin e.g. {@code the default SELDON_GATEWAY_TIMEOUT} or {@code seldon-timeout=5s}
 */
public record RequestTimeout(Duration duration, String origin) {

    public RequestTimeout {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(origin, "origin");
    }

    /** E.g. {@code 5 s (seldon-timeout=5s)} or {@code 250 ms (...)}. */
    public String describe() {
        return TimeoutPolicy.format(duration) + " (" + origin + ")";
    }
}
