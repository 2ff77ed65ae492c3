package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broker taken down and brought back on its data, as the fault suite's broker outage does (issue 24). */
class KafkaBrokerRestartTest {

    @Test
    @Timeout(180)
    void brokerStartedAgainServesItsTopicsAndRecordsOnTheSamePort() throws Exception {
        KafkaBroker first = KafkaBroker.builder().start();
        KafkaBroker second = null;
        try {
            String topic = RoundTrip.newTopic(first);
            RoundTrip.produce(first.adminProperties(), topic, "written before the outage");
            String bootstrap = first.bootstrapServers(Listener.PLAINTEXT);

            first.stopKeepingData();
            Stopped.assertStopped(first, List.of(first.port(Listener.PLAINTEXT)));
            second = first.startAgain();

            assertThat(second.bootstrapServers(Listener.PLAINTEXT)).isEqualTo(bootstrap);
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(RoundTrip.consumeFirst(second.adminProperties(), topic)).isEqualTo("written before the outage");
            RoundTrip.produce(second.adminProperties(), topic, "written after it");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    @Timeout(120)
    void aRunningBrokerCannotBeStartedAgain() {
        try (KafkaBroker broker = KafkaBroker.builder().start()) {
            assertThat(catchThrowable(broker::startAgain)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still running");
        }
    }
}
