package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

    private static final Optional<String> CUT = Optional.of("20000 of 30000 bytes");

    @Test
    void theSameEvidenceOnEveryAttemptIsIdenticalFromTheSecondOn() {
        FailedAttempts once = FailedAttempts.NONE.plus(CUT);

        assertThat(once.allIdentical()).isFalse();
        assertThat(once.plus(CUT).allIdentical()).isTrue();
        assertThat(once.plus(CUT).plus(CUT)).isEqualTo(new FailedAttempts(3, CUT));
    }

    @Test
    void oneDifferentAttemptEndsItForGood() {
        FailedAttempts differed = FailedAttempts.NONE.plus(CUT).plus(Optional.of("12000 of 30000 bytes"));

        assertThat(differed.allIdentical()).isFalse();
        assertThat(differed.plus(CUT).allIdentical()).isFalse();
    }

    @Test
    void attemptsWithNothingToCompareAreNeverIdentical() {
        assertThat(FailedAttempts.NONE.plus(Optional.empty()).plus(Optional.empty()).allIdentical()).isFalse();
    }
}
