package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.localstack.FaultTally.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTallyTest {

    private static final String OK = "{\"outputs\":[]}";

    @Test
    void answeredClearAndLostAreToldApart() {
        FaultTally.Row row = FaultTally.tally("s", List.of(
                new Outcome("a", 0, 200, OK),
                new Outcome("b", 100, 502, "{\"error\":\"model 'iris' failed on request 'b': could not reach\"}"),
                new Outcome("c", 200, 504, "{\"error\":\"no answer within 30 s\"}"),
                new Outcome("d", 300, Outcome.NO_ANSWER, "java.net.ConnectException"),
                new Outcome("e", 400, 500, "<html>oops</html>"),
                new Outcome("f", 500, 200, OK)), 50, 2);

        assertThat(row.sent()).isEqualTo(6);
        assertThat(row.answered()).isEqualTo(2);
        assertThat(row.clearErrors()).isEqualTo(1);
        assertThat(row.lost()).as("a 504, no answer at all, an error without a reason").isEqualTo(3);
        assertThat(row.duplicates()).isEqualTo(2);
        assertThat(row.recovery()).isEqualTo(Duration.ofMillis(450));
        assertThat(row.errorsSeen()).containsEntry("502: model 'iris' failed on request", 1)
                .containsEntry("no answer: java.net.ConnectException", 1);
    }

    @Test
    void nothingFailedIsARecoveryOfZeroAndNotRecoveringIsNever() {
        assertThat(FaultTally.tally("s", List.of(new Outcome("a", 0, 200, OK)), 0, 0).recovery()).isZero();
        assertThat(FaultTally.tally("s", List.of(new Outcome("a", 0, 200, OK),
                new Outcome("b", 10, 503, "{\"error\":\"down\"}")), 5, 0).recovery()).isNull();
    }
}
