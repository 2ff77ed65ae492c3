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
                new Outcome("c", 200, 504, "{\"error\":\"model 'iris' did not answer request 'c' within 30 s: nothing"
                        + " arrived on seldon.default.model.iris.outputs\"}"),
                new Outcome("d", 300, Outcome.NO_ANSWER, "java.io.IOException: HTTP/1.1 header parser received no bytes"),
                new Outcome("e", 400, 500, "<html>oops</html>"),
                new Outcome("f", 500, 200, OK, 2_500)), 50, 2);

        assertThat(row.sent()).isEqualTo(6);
        assertThat(row.answered()).isEqualTo(2);
        assertThat(row.clearErrors()).isEqualTo(1);
        assertThat(row.lost()).as("pipeline-gateway's own 504, no answer on a connection made, an error without a"
                + " reason").isEqualTo(3);
        assertThat(row.duplicates()).isEqualTo(2);
        assertThat(row.recovery()).isEqualTo(Duration.ofMillis(450));
        assertThat(row.slowestAnswer()).isEqualTo(Duration.ofSeconds(2));
        assertThat(row.errorsSeen()).containsEntry("502: model 'iris' failed on request", 1)
                .containsEntry("no answer: java.io.IOException: HTTP/1.1 header parser received", 1);
    }

    @Test
    void a504PassingOnTheModelServersTimeoutIsAClearError() {
        FaultTally.Row row = FaultTally.tally("s", List.of(new Outcome("a", 0, 504, "{\"error\":\"model 'iris' failed"
                + " on request 'a': model server 127.0.0.1:9501 did not answer within 1 s (TIMEOUT) after 5 attempts\"}")),
                0, 0);

        assertThat(row.clearErrors()).isEqualTo(1);
        assertThat(row.lost()).isZero();
    }

    @Test
    void aRefusedConnectionIsAClearErrorTheClientMaySendAgain() {
        FaultTally.Row row = FaultTally.tally("s", List.of(new Outcome("a", 0, Outcome.NO_ANSWER,
                "java.util.concurrent.CompletionException: java.net.ConnectException")), 0, 0);

        assertThat(row.clearErrors()).isEqualTo(1);
        assertThat(row.lost()).isZero();
    }

    @Test
    void nothingFailedIsARecoveryOfZeroAndNotRecoveringIsNever() {
        assertThat(FaultTally.tally("s", List.of(new Outcome("a", 0, 200, OK)), 0, 0).recovery()).isZero();
        assertThat(FaultTally.tally("s", List.of(new Outcome("a", 0, 200, OK),
                new Outcome("b", 10, 503, "{\"error\":\"down\"}")), 5, 0).recovery()).isNull();
    }
}
