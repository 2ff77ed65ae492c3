package io.seldonmesh.pipelinegateway.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a pipeline timeout may cost: the look-back at the steps' outputs topics reads at most {@code records}
 * records and takes at most {@code time}. The 504 waits for it no longer than {@code time}, so that it always
 * comes within the request's timeout plus one second. Zero of either turns the look-back off.
 *
 * @param records {@value #RECORDS_VARIABLE}: records read per look-back, over all steps
 * @param time {@value #TIME_VARIABLE}: how long a 504 may wait for the look-back
 */
public record StepScanLimits(int records, Duration time) {

    public static final String RECORDS_VARIABLE = "SELDON_GATEWAY_STEP_SCAN_RECORDS";
    public static final String TIME_VARIABLE = "SELDON_GATEWAY_STEP_SCAN_TIME";
    public static final int DEFAULT_RECORDS = 10_000;
    public static final Duration DEFAULT_TIME = Duration.ofMillis(800);
    /** A 504 must leave within timeout + 1 s whatever the look-back does. */
    static final Duration MAX_TIME = Duration.ofSeconds(1);

    public static final StepScanLimits DEFAULT = new StepScanLimits(DEFAULT_RECORDS, DEFAULT_TIME);
    public static final StepScanLimits OFF = new StepScanLimits(0, Duration.ZERO);

    public StepScanLimits {
        Objects.requireNonNull(time, "time");
        if (records < 0) {
            throw new IllegalArgumentException(RECORDS_VARIABLE + "=" + records + " must be 0 (no look-back at the"
                    + " steps of a timed-out pipeline request) or more records");
        }
        if (time.isNegative() || time.compareTo(MAX_TIME) > 0) {
            throw new IllegalArgumentException(TIME_VARIABLE + "=" + TimeoutPolicy.format(time) + " must be between 0"
                    + " (no look-back) and " + TimeoutPolicy.format(MAX_TIME) + ": a 504 waits for the look-back, and"
                    + " must reach the caller within its timeout plus one second");
        }
    }

    public boolean enabled() {
        return records > 0 && !time.isZero();
    }
}
