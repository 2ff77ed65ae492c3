package io.seldonmesh.pipelinegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.pipelinegateway.core.Availability;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.ModelConsumers;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A model whose server has it loaded is still not ready while no model-gateway reads its requests: the ingress
 * learns it from model-gateway's consumer group on the real broker.
 */
class ModelGatewayWatchTest {

    private static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);
    private static final int POOL = 100;

    @Test
    void anAvailableModelIsReadyOnlyWhileAModelGatewayConsumesItsInputsTopic() throws Exception {
        String namespace = "watch-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = TopicNames.of("seldon", namespace);
        String group = ConsumerGroups.from(topics).modelGateway("iris", POOL);
        Catalog catalog = new Catalog(new ModelConsumers(Duration.ofSeconds(1)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
             KafkaGateway gateway = gateway(namespace, catalog);
             StatusWriter status = new StatusWriter(BOOTSTRAP, topics)) {
            admin.createTopics(List.of(new NewTopic(topics.modelInputs("iris"), 1, (short) 1))).all().get();
            gateway.watchModelGateways(Duration.ofMillis(300), POOL);
            gateway.start();
            Eventually.until(Duration.ofSeconds(20), () -> "ready: " + gateway.notReadyBecause(),
                    () -> gateway.notReadyBecause().isEmpty());
            status.model("iris", ModelState.AVAILABLE, null);

            Eventually.until(Duration.ofSeconds(20), () -> "iris not ready for want of a model-gateway: "
                    + availability(catalog), () -> !availability(catalog).isReady()
                    && availability(catalog).reason().contains("group '" + group + "'"));
            assertThat(availability(catalog).state()).isEqualTo(Availability.State.NOT_READY);
            assertThat(availability(catalog).reason()).startsWith("model 'iris' is loaded but cannot answer: ")
                    .contains("no model-gateway is in its consumer group").contains(topics.modelInputs("iris"));

            try (ModelGatewayStandIn consumer = new ModelGatewayStandIn(group, topics.modelInputs("iris"))) {
                Eventually.until(Duration.ofSeconds(20), () -> "iris ready once consumed: " + availability(catalog),
                        () -> availability(catalog).isReady());
            }

            Eventually.until(Duration.ofSeconds(20), () -> "iris not ready once its consumer left: "
                    + availability(catalog), () -> !availability(catalog).isReady());
            assertThat(availability(catalog).reason()).contains("no model-gateway is in its consumer group");
        }
    }

    /** Records past what model-gateway's group committed on the model's inputs topic, measured by the same watch. */
    @Test
    void consumerLagIsTheInputsTopicsEndLessTheGroupsCommittedOffsets() throws Exception {
        String namespace = "lag-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = TopicNames.of("seldon", namespace);
        String group = ConsumerGroups.from(topics).modelGateway("iris", POOL);
        String inputs = topics.modelInputs("iris");
        Catalog catalog = new Catalog(new ModelConsumers(Duration.ofSeconds(1)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
             KafkaGateway gateway = gateway(namespace, catalog);
             StatusWriter status = new StatusWriter(BOOTSTRAP, topics);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP), new ByteArraySerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(inputs, 2, (short) 1))).all().get();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(inputs, i % 2, null, new byte[] {(byte) i})).get();
            }
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(inputs, 0), new OffsetAndMetadata(2),
                    new TopicPartition(inputs, 1), new OffsetAndMetadata(5))).all().get();
            gateway.watchModelGateways(Duration.ofMillis(300), POOL);
            gateway.start();
            Eventually.until(Duration.ofSeconds(20), () -> "ready: " + gateway.notReadyBecause(),
                    () -> gateway.notReadyBecause().isEmpty());
            status.model("iris", ModelState.AVAILABLE, null);

            Eventually.until(Duration.ofSeconds(20), () -> "lag of iris: " + catalog.consumers().lag("iris"),
                    () -> catalog.consumers().lag("iris").isPresent());
            assertThat(catalog.consumers().lag("iris")).as("5 - 2 on partition 0, 5 - 5 on partition 1").hasValue(3);

            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(inputs, 0), new OffsetAndMetadata(5)))
                    .all().get();
            Eventually.until(Duration.ofSeconds(20), () -> "lag of iris caught up: " + catalog.consumers().lag("iris"),
                    () -> catalog.consumers().lag("iris").equals(OptionalLong.of(0)));
        }
    }

    /** A gateway with the ingress role in its own namespace; the test starts its model-gateway watch. */
    private static KafkaGateway gateway(String namespace, Catalog catalog) {
        return new KafkaGateway(KafkaClientFactory.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP,
                "SELDON_NAMESPACE", namespace)), catalog, new TimeoutPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                10, StepScanLimits.DEFAULT, new SimpleMeterRegistry(), true);
    }

    private static Availability availability(Catalog catalog) {
        return catalog.availability(Target.model("iris"));
    }

    /** Joins the model's model-gateway group and reads its inputs topic, as model-gateway does; leaves on close. */
    private static final class ModelGatewayStandIn implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ModelGatewayStandIn(String group, String topic) {
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ConsumerConfig.GROUP_ID_CONFIG, group),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }
            }, "model-gateway-stand-in");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
