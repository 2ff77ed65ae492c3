package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeoutPolicyTest {

    private final TimeoutPolicy policy = new TimeoutPolicy(Duration.ofSeconds(60), Duration.ofSeconds(300));

    @Test
    void noRequestedTimeoutGivesTheDefault() {
        RequestTimeout timeout = policy.choose(Optional.empty(), "seldon-timeout");
        assertThat(timeout.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(timeout.describe()).isEqualTo("60 s (the default SELDON_GATEWAY_TIMEOUT)");
    }

    @Test
    void unitsAndBareSecondsAreRead() {
        assertThat(choose("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(choose("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(choose("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(choose("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(choose("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(choose("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(choose(" 10 S ")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void requestedTimeoutAboveTheMaximumIsCappedAndSaysSo() {
        RequestTimeout timeout = policy.choose(Optional.of("1h"), "seldon-timeout");
        assertThat(timeout.duration()).isEqualTo(Duration.ofSeconds(300));
        assertThat(timeout.describe()).isEqualTo("300 s (seldon-timeout=1h capped at SELDON_GATEWAY_MAX_TIMEOUT=300 s)");
    }

    @Test
    void unreadableTimeoutIsRejectedNamingSourceAndValue() {
        assertThatThrownBy(() -> policy.choose(Optional.of("soon"), "seldon-timeout"))
                .isInstanceOf(InferenceFailure.class)
                .hasMessage("seldon-timeout='soon' is not a timeout: use e.g. 500ms, 5s, 1.5s, 2m or a number of seconds");
    }

    @Test
    void zeroTimeoutIsRejected() {
        assertThatThrownBy(() -> policy.choose(Optional.of("0ms"), "timeout"))
                .hasMessage("timeout='0ms' is not a timeout: a timeout must be at least 1ms");
    }

    @Test
    void maximumBelowDefaultIsAConfigurationError() {
        assertThatThrownBy(() -> new TimeoutPolicy(Duration.ofSeconds(60), Duration.ofSeconds(10)))
                .hasMessageContaining("SELDON_GATEWAY_MAX_TIMEOUT=10 s is below SELDON_GATEWAY_TIMEOUT=60 s");
    }

    @Test
    void durationsAreFormattedForPeople() {
        assertThat(TimeoutPolicy.format(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(TimeoutPolicy.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(TimeoutPolicy.format(Duration.ofSeconds(120))).isEqualTo("120 s");
    }

    private Duration choose(String value) {
        return policy.choose(Optional.of(value), "seldon-timeout").duration();
    }
}
