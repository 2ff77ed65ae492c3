package io.seldonmesh.modelfetcher.core;

import java.time.Duration;

/**
 * How long to wait before trying a load again after a transient failure: doubling from
 * {@code initial} up to {@code max}, with "equal jitter" (half the step fixed, half random), so that
 * the fetchers of many replicas that lost the same S3 endpoint do not come back in step, while no
 * wait is shorter than half its step.
 */
public record RetryBackoff(Duration initial, Duration max) {

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("LOAD_RETRY_INITIAL_DELAY is " + initial + " and LOAD_RETRY_MAX_DELAY " + max
                    + ": the first must be above zero and the second at least the first, e.g. 1s and 1m");
        }
    }

    /**
     * @param failedAttempts how many attempts failed so far, from 1
     * @param random         a value in [0, 1)
     */
    public Duration delay(int failedAttempts, double random) {
        long step = initial.toMillis();
        for (int i = 1; i < failedAttempts && step < max.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, max.toMillis());
        return Duration.ofMillis(step / 2 + (long) (step / 2.0 * random));
    }
}
