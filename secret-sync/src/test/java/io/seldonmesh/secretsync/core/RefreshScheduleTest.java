package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RefreshSchedule SCHEDULE = new RefreshSchedule(0.8, 0.1, Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(60));

    private static IssuedToken token(Duration lifetime) {
        return new IssuedToken("t", T0, T0.plus(lifetime));
    }

    @Test
    void hourLongTokenIsRenewedAtEightyPercentWithoutJitter() {
        assertThat(SCHEDULE.nextRefresh(token(Duration.ofHours(1)), 0.0)).isEqualTo(T0.plus(Duration.ofMinutes(48)));
    }

    @Test
    void jitterMovesTheRenewalEarlierByUpToItsShare() {
        assertThat(SCHEDULE.nextRefresh(token(Duration.ofHours(1)), 0.999999))
                .isBetween(T0.plus(Duration.ofMinutes(42)), T0.plus(Duration.ofMinutes(42).plusSeconds(1)));
        assertThat(SCHEDULE.nextRefresh(token(Duration.ofHours(1)), 0.5)).isEqualTo(T0.plus(Duration.ofMinutes(45)));
    }

    @Test
    void renewalIsNeverLaterThanExpiryMinusTheSafetyMargin() {
        RefreshSchedule lateFraction = new RefreshSchedule(0.99, 0.0, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
        assertThat(lateFraction.nextRefresh(token(Duration.ofMinutes(10)), 0.0))
                .isEqualTo(T0.plus(Duration.ofMinutes(10)).minusSeconds(30));
    }

    @Test
    void marginLongerThanHalfTheLifetimeIsCappedSoShortTokensAreNotRenewedContinuously() {
        IssuedToken fourSeconds = token(Duration.ofSeconds(4));
        assertThat(SCHEDULE.latestRefresh(fourSeconds)).isEqualTo(T0.plusSeconds(2));
        assertThat(SCHEDULE.nextRefresh(fourSeconds, 0.0)).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        assertThat(SCHEDULE.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SCHEDULE.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SCHEDULE.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(SCHEDULE.backoff(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(SCHEDULE.backoff(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retryIsJitteredBetweenHalfAndAllOfTheBackoff() {
        Instant now = T0.plusSeconds(100);
        assertThat(SCHEDULE.retryAt(4, Optional.empty(), now, 0.0)).isEqualTo(now.plusSeconds(4));
        assertThat(SCHEDULE.retryAt(4, Optional.empty(), now, 0.999)).isBetween(now.plusSeconds(7), now.plusSeconds(8));
    }

    @Test
    void retryNeverSleepsPastTheMomentTheOldTokenShouldBeReplaced() {
        IssuedToken old = token(Duration.ofMinutes(5));
        Instant now = T0.plus(Duration.ofMinutes(4));
        assertThat(SCHEDULE.retryAt(7, Optional.of(old), now, 0.5)).isEqualTo(T0.plus(Duration.ofMinutes(5)).minusSeconds(30));
    }

    @Test
    void afterTheDeadlineRetriesFollowTheBackoff() {
        IssuedToken old = token(Duration.ofMinutes(5));
        Instant now = T0.plus(Duration.ofMinutes(6));
        assertThat(SCHEDULE.retryAt(3, Optional.of(old), now, 0.0)).isEqualTo(now.plusSeconds(2));
    }
}
