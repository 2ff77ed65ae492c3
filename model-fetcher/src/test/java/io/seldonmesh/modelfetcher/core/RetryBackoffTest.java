package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void waitDoublesPerFailedAttemptUpToTheMaximum() {
        assertThat(backoff.delay(1, 0.999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(backoff.delay(2, 0.999)).isBetween(Duration.ofMillis(1998), Duration.ofSeconds(2));
        assertThat(backoff.delay(4, 0.999)).isBetween(Duration.ofMillis(7990), Duration.ofSeconds(8));
        assertThat(backoff.delay(7, 0.999)).isBetween(Duration.ofMillis(59_900), Duration.ofSeconds(60));
        assertThat(backoff.delay(1_000, 0.999)).isBetween(Duration.ofMillis(59_900), Duration.ofSeconds(60));
    }

    @Test
    void jitterSpreadsEachWaitOverItsUpperHalf() {
        assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(3, 0.9999)).isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
    }

    @Test
    void delaysOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("LOAD_RETRY_INITIAL_DELAY is PT0S and LOAD_RETRY_MAX_DELAY PT1S: the first must be above zero and"
                        + " the second at least the first, e.g. 1s and 1m");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("LOAD_RETRY_INITIAL_DELAY is PT2S and LOAD_RETRY_MAX_DELAY PT1S: ");
    }
}
