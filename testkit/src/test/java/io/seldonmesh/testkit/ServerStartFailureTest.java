package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ServerStartFailureTest {

    @Test
    void brokerThatCannotStartFailsWithTheTailOfItsLog() {
        ServerStartException failure = catchThrowableOfType(ServerStartException.class, () ->
                KafkaBroker.builder().property("num.network.threads", "0").start());

        assertThat(failure.getMessage())
                .contains("Kafka storage format exited with code 1")
                .contains("--- last 30 lines of " + failure.logFile())
                .contains("num.network.threads");
        assertThat(ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(a -> String.join(" ", a)).orElse("")
                        .contains(failure.logFile().getParent().toString())))
                .isEmpty();
    }
}
