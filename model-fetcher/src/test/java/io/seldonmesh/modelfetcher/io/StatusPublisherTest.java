package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;

class StatusPublisherTest {

    private static final ModelStatus AVAILABLE = new ModelStatus(ModelState.AVAILABLE, "7", "mlserver", null, null,
            "sha256 (1 file)", Instant.parse("2026-11-26T08:00:00Z"));
    private static final ModelStatus LOADING = new ModelStatus(ModelState.LOADING, "7", "mlserver", null, null, null,
            Instant.parse("2026-11-26T07:59:00Z"));

    @Test
    void statusKafkaDidNotTakeIsSentAgainUntilItIsAndSaysWhyMeanwhile() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (StatusPublisher publisher = publisher(producer)) {
            publisher.publish("iris", AVAILABLE);

            assertThat(publisher.problem()).contains("1 model status record(s) not yet accepted by Kafka, e.g. iris: "
                    + "not acknowledged by Kafka within 100 ms");

            Thread completer = new Thread(() -> {
                while (publisher.problem().isPresent()) {
                    producer.completeNext();
                    Thread.onSpinWait();
                }
            });
            completer.start();
            completer.join(5_000);

            assertThat(publisher.problem()).isEmpty();
            ProducerRecord<byte[], byte[]> last = producer.history().get(producer.history().size() - 1);
            assertThat(new String(last.key(), StandardCharsets.UTF_8)).isEqualTo("iris/mlserver-0");
            assertThat(ModelStatus.parse(last.value())).isEqualTo(AVAILABLE);
        }
    }

    @Test
    void newerStatusReplacesAnUnsentOlderOne() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (StatusPublisher publisher = publisher(producer)) {
            publisher.publish("iris", LOADING);
            assertThat(publisher.problem()).isPresent();
            Thread completer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    producer.completeNext();
                    Thread.onSpinWait();
                }
            });
            completer.start();

            publisher.publish("iris", AVAILABLE);
            Thread.sleep(300);
            completer.interrupt();
            completer.join(5_000);

            assertThat(publisher.problem()).isEmpty();
            ProducerRecord<byte[], byte[]> last = producer.history().get(producer.history().size() - 1);
            assertThat(ModelStatus.parse(last.value()).state()).isEqualTo(ModelState.AVAILABLE);
        }
    }

    private static StatusPublisher publisher(MockProducer<byte[], byte[]> producer) {
        return new StatusPublisher(producer, "seldon.default.status.models", "mlserver-0", Duration.ofMillis(100),
                Duration.ofMillis(50), new KafkaErrorExplainer(SeldonKafkaSettings.fromEnvironment(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))));
    }
}
