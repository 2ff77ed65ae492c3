package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepScanLimitsTest {

    @Test
    void defaultsReadTenThousandRecordsInEightHundredMilliseconds() {
        assertThat(StepScanLimits.DEFAULT.records()).isEqualTo(10_000);
        assertThat(StepScanLimits.DEFAULT.time()).isEqualTo(Duration.ofMillis(800));
        assertThat(StepScanLimits.DEFAULT.enabled()).isTrue();
    }

    @Test
    void zeroRecordsOrZeroTimeTurnsTheLookBackOff() {
        assertThat(new StepScanLimits(0, Duration.ofMillis(500)).enabled()).isFalse();
        assertThat(new StepScanLimits(100, Duration.ZERO).enabled()).isFalse();
    }

    @Test
    void negativeRecordCountIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> new StepScanLimits(-1, Duration.ofMillis(500)))
                .hasMessageStartingWith("SELDON_GATEWAY_STEP_SCAN_RECORDS=-1 must be 0");
    }

    @Test
    void timeBeyondOneSecondIsRejectedBecauseThe504MustLeaveWithinTimeoutPlusOneSecond() {
        assertThatThrownBy(() -> new StepScanLimits(100, Duration.ofMillis(1_500)))
                .hasMessageStartingWith("SELDON_GATEWAY_STEP_SCAN_TIME=1.5 s must be between 0 (no look-back) and 1 s")
                .hasMessageContaining("within its timeout plus one second");
    }
}
