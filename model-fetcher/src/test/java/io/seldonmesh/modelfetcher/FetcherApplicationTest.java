package io.seldonmesh.modelfetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.io.InProcessModelServer;
import io.seldonmesh.modelfetcher.io.S3Fixtures;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/** The packaged application: configuration from variables, start-up, readiness, metrics, and one model end to end. */
@QuarkusTest
@QuarkusTestResource(FetcherApplicationTest.RealServers.class)
class FetcherApplicationTest {

    private static final String PREFIX = "fetcherapp";

    /** Kafka and S3 from testkit, the model-server's loading code, a mounted secret, all on 127.0.0.1. */
    public static class RealServers implements QuarkusTestResourceLifecycleManager {

        /** Static: a test stops it and starts it again on its port. */
        private static volatile InProcessModelServer modelServer;
        private static Path models;
        private Path root;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("model-fetcher-app");
                models = Files.createDirectories(root.resolve("models"));
                Path secrets = Files.createDirectories(root.resolve("secrets/app-s3"));
                S3Server s3 = SharedServers.s3();
                Files.writeString(secrets.resolve("remote"), """
                        {"type": "s3", "name": "app-s3", "parameters": {"provider": "Other", "env_auth": "false",
                         "access_key_id": "%s", "secret_access_key": "%s", "region": "%s", "endpoint": "%s"}}
                        """.formatted(s3.accessKeyId(), s3.secretAccessKey(), s3.region(), s3.endpoint()));
                modelServer = new InProcessModelServer(models);
                return Map.of("KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT),
                        "SELDON_TOPIC_PREFIX", PREFIX,
                        "model-fetcher.models-root", models.toString(),
                        "model-fetcher.model-server.url", modelServer.url().toString(),
                        "model-fetcher.secrets.directory", root.resolve("secrets").toString(),
                        "model-fetcher.server.replica", "mlserver-0",
                        "model-fetcher.server.capabilities", "sklearn,onnx",
                        "model-fetcher.model-server.check-interval", "1s",
                        "model-fetcher.doctor.storage-uri", "app-s3://testkit/app/doctor",
                        "model-fetcher.doctor.storage-secret", "app-s3");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            modelServer.close();
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void startsReadyServesMetricsAndLoadsAModelFromItsSpec() throws Exception {
        awaitReadiness(200);
        S3Server s3 = SharedServers.s3();
        try (S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET)) {
            fixtures.putKms("app/iris/model-settings.json", "{\"implementation\": \"add10\"}".getBytes(StandardCharsets.UTF_8),
                    ChecksumAlgorithm.CRC32C, Map.of());
        }
        KafkaClientFactory kafka = KafkaClientFactory.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS",
                SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT), "SELDON_TOPIC_PREFIX", PREFIX));
        TopicNames topics = TopicNames.from(kafka.settings());
        try (Producer<byte[], byte[]> producer = kafka.producer(new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
             Consumer<byte[], byte[]> consumer = kafka.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                     Map.of())) {
            producer.send(new ProducerRecord<>(topics.controlModels(), "iris".getBytes(StandardCharsets.UTF_8),
                    "{\"storageUri\": \"app-s3://testkit/app/iris\", \"secretName\": \"app-s3\", \"requirements\": [\"sklearn\"]}"
                            .getBytes(StandardCharsets.UTF_8))).get();
            TopicPartition status = new TopicPartition(topics.statusModels(), 0);
            consumer.assign(List.of(status));
            consumer.seekToBeginning(List.of(status));

            ModelStatus available = awaitAvailable(consumer);

            assertThat(available.verification()).isEqualTo("crc32c (1 file)");
            assertThat(available.server()).isEqualTo("mlserver");
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("model_fetcher_files_total{model=\"iris\",outcome=\"downloaded\",verification=\"crc32c\"}"))
                .body(containsString("model_fetcher_s3_requests_total{operation=\"GetObject\"}"));
    }

    @Test
    void doctorEndpointChecksKafkaTheModelServerAndStorageWithTheRunningFetchersSettings() {
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET)) {
            fixtures.putKms("app/doctor/model-settings.json", "{\"implementation\": \"add10\"}"
                    .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.CRC32C, Map.of());
        }

        String report = given().get("/q/doctor").then().statusCode(200).extract().asString();

        assertThat(report).startsWith("doctor for model-fetcher").contains("OK   cluster")
                .contains("topic " + PREFIX + ".default.control.models")
                .contains("OK   model server   " + RealServers.modelServer.url() + " answers GET /v2")
                .contains("OK   storage        s3://testkit/app/doctor/ listed")
                .contains("OK   kms:Decrypt    allowed on key " + SharedServers.s3().kmsKeyId());
    }

    @Test
    void readinessIsDownNamingTheModelServerWhileItDoesNotAnswerAndUpWhenItDoes() throws Exception {
        awaitReadiness(200);
        InProcessModelServer before = RealServers.modelServer;
        before.close();

        String down = awaitReadiness(503);
        RealServers.modelServer = new InProcessModelServer(RealServers.models, before.url().getPort());
        awaitReadiness(200);

        assertThat(down).contains("the model server at " + before.url() + " is unreachable since ")
                .contains("ConnectException").contains("check MODEL_SERVER_URL and that the model server is running");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("model_fetcher_model_server_reachable 1.0"))
                .body(containsString("model_fetcher_reconciliations_total{outcome=\"unreachable\"}"));
    }

    /** The readiness body once it answers {@code status}, within 30 s. */
    private static String awaitReadiness(int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response response = given().get("/q/health/ready");
            if (response.statusCode() == status) {
                return response.asString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness not " + status + " within 30 s: " + response.asString());
            }
            Thread.sleep(200);
        }
    }

    private static ModelStatus awaitAvailable(Consumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                ModelStatus status = ModelStatus.parse(record.value());
                if (status.state() == ModelState.AVAILABLE) {
                    return status;
                }
                assertThat(status.state()).as(status.reason()).isEqualTo(ModelState.LOADING);
            }
        }
        throw new AssertionError("model iris not Available within 30 s");
    }
}
