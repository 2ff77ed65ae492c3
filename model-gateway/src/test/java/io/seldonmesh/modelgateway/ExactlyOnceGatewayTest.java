package io.seldonmesh.modelgateway;

import static io.seldonmesh.modelgateway.testing.KafkaTestClient.record;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.modelgateway.core.DeliveryMode;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.modelgateway.core.ModelServerProtocol;
import io.seldonmesh.modelgateway.core.Requests;
import io.seldonmesh.modelgateway.io.Gateway;
import io.seldonmesh.modelgateway.testing.KafkaTestClient;
import io.seldonmesh.modelgateway.testing.TestModelServer;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway in exactly-once mode, in this JVM, against a real broker and the real model server (gRPC): answers are
 * read as a {@code read_committed} consumer downstream reads them.
 */
class ExactlyOnceGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicNames TOPICS = TopicNames.of("seldon", "exactly-once-test");
    private static final String REPLICA = "eos-test-0";
    private static KafkaTestClient kafka;
    private static SimpleMeterRegistry registry;
    private static Vertx vertx;
    private static Gateway gateway;

    @BeforeAll
    static void startGateway() {
        kafka = new KafkaTestClient(SharedServers.kafka(), TOPICS);
        kafka.createModelTopics("echo", 3, Map.of());
        kafka.createModelTopics("tiny-outputs", 1, Map.of("max.message.bytes", "3000"));
        for (String model : List.of("echo", "rejects", "tiny-outputs")) {
            kafka.publishStatus(model, ModelState.AVAILABLE, null);
        }
        KafkaClientFactory clients = KafkaClientFactory.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", TOPICS.namespace()));
        GatewaySettings settings = new GatewaySettings(ModelServerProtocol.GRPC,
                Optional.of(TestModelServer.shared().grpcTarget()), 100, 512, 256, Duration.ofSeconds(10), 3,
                Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2), DeliveryMode.EXACTLY_ONCE, REPLICA, 1);
        registry = new SimpleMeterRegistry();
        vertx = Vertx.vertx();
        gateway = new Gateway(clients, settings, vertx, registry);
        gateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        kafka.close();
    }

    private static String key(String model) {
        return "0." + model + "." + UUID.randomUUID().toString().replace("-", "");
    }

    private static ConsumerRecord<byte[], byte[]> awaitOneCommitted(String topic, String key) {
        return kafka.awaitCommitted(topic, r -> key.equals(text(r.key())), 1, WAIT).get(0);
    }

    private static double transactions(String outcome, String model) {
        String group = ConsumerGroups.from(TOPICS).modelGateway(model, 100);
        Counter counter = registry.find("model_gateway_transactions_" + outcome).tag("group", group).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void protobufRequestIsAnsweredInACommittedTransaction() throws Exception {
        String key = key("echo");
        kafka.send(record(TOPICS.modelInputs("echo"), 2, key, Requests.fp32("r-eos", 1, 2, 3).toByteArray(),
                "x-request-id", "r-eos", "pipeline", "demo"));

        ConsumerRecord<byte[], byte[]> output = awaitOneCommitted(TOPICS.modelOutputs("echo"), key);

        assertThat(output.partition()).isEqualTo(2);
        assertThat(new String(output.headers().lastHeader("pipeline").value(), StandardCharsets.UTF_8)).isEqualTo("demo");
        ModelInferResponse response = ModelInferResponse.parseFrom(output.value());
        assertThat(response.getId()).isEqualTo("r-eos");
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f, 3f);
        assertThat(transactions("committed", "echo")).isPositive();
    }

    @Test
    void errorRecordIsWrittenInTheTransactionToo() {
        String key = key("rejects");
        kafka.send(record(TOPICS.modelInputs("rejects"), null, key, Requests.fp32("r-400", 1).toByteArray(),
                "x-request-id", "r-400"));

        ErrorRecord error = ErrorRecord.parse(awaitOneCommitted(TOPICS.errors(), key));

        assertThat(error.model()).isEqualTo("rejects");
        assertThat(error.message()).contains("must be INT64");
    }

    @Test
    void outputTooLargeForItsTopicIsReplacedBeforeSendingSoNoTransactionAborts() {
        String key = key("tiny-outputs");
        kafka.send(record(TOPICS.modelInputs("tiny-outputs"), null, key,
                Requests.fp32("r-big", new float[1000]).toByteArray(), "x-request-id", "r-big"));

        ErrorRecord error = ErrorRecord.parse(awaitOneCommitted(TOPICS.errors(), key));

        assertThat(error.status()).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(error.message()).contains("larger than max.message.bytes of topic "
                + TOPICS.modelOutputs("tiny-outputs") + " = 2.9 KiB (3000 bytes)");
        assertThat(transactions("aborted", "tiny-outputs")).isZero();
    }

    @Test
    void fencedProducerIsReplacedAndEveryRequestIsStillAnsweredExactlyOnce() {
        String prefix = key("echo") + "-";
        for (int i = 0; i < 200; i++) {
            kafka.sendAsync(record(TOPICS.modelInputs("echo"), i % 3, prefix + i, Requests.fp32("f" + i, i).toByteArray()));
        }
        kafka.flush();
        kafka.awaitCommitted(TOPICS.modelOutputs("echo"), r -> text(r.key()).startsWith(prefix), 200, WAIT);

        // A producer with the gateway's transactional id, as a second replica configured with the same replica id
        // would start one: the gateway's producer is fenced and must give way to a new one.
        String group = ConsumerGroups.from(TOPICS).modelGateway("echo", 100);
        Map<String, Object> properties = new HashMap<>(SharedServers.kafka().clientProperties(Listener.PLAINTEXT));
        properties.put("transactional.id", group + "-" + REPLICA);
        try (KafkaProducer<byte[], byte[]> intruder = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            intruder.initTransactions();
            for (int i = 200; i < 400; i++) {
                kafka.sendAsync(record(TOPICS.modelInputs("echo"), i % 3, prefix + i,
                        Requests.fp32("f" + i, i).toByteArray()));
            }
            kafka.flush();

            kafka.awaitCommitted(TOPICS.modelOutputs("echo"), r -> text(r.key()).startsWith(prefix), 400, WAIT);
        }

        Map<String, Long> answersByKey = kafka.readCommitted(TOPICS.modelOutputs("echo"),
                r -> text(r.key()).startsWith(prefix)).stream()
                .collect(Collectors.groupingBy(r -> text(r.key()), Collectors.counting()));
        assertThat(answersByKey).hasSize(400);
        assertThat(answersByKey.values()).as("answers per request").allMatch(count -> count == 1);
        assertThat(transactions("aborted", "echo")).as("the fenced transaction").isPositive();
    }
}
