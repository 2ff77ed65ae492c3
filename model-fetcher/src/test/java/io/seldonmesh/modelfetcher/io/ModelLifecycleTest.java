package io.seldonmesh.modelfetcher.io;

import static io.seldonmesh.modelfetcher.io.S3Fixtures.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetcherSettings;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/**
 * The whole path on real servers: a Model spec on the control topic (real Kafka broker), its
 * artifact in SSE-KMS S3 (real S3 server), the model-server module's loading code behind its
 * repository API, and the statuses that come back on the status topic.
 */
class ModelLifecycleTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String ADD10_SETTINGS = "{\"name\": \"iris\", \"implementation\": \"add10\"}";
    private static final Endpoints ENDPOINTS = new Endpoints("http://mlserver-0.mlserver:9500", "mlserver-0.mlserver:9501");
    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of("sklearn"),
            OptionalLong.of(1L << 30), ENDPOINTS);

    @TempDir
    Path modelsRoot;
    @TempDir
    Path secrets;

    private final KafkaBroker kafka = SharedServers.kafka();
    private final S3Server s3 = SharedServers.s3();
    private final S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET);
    private final List<ModelStatus> seen = new ArrayList<>();
    private KafkaClientFactory factory;
    private TopicNames topics;
    private Producer<byte[], byte[]> control;
    private Consumer<byte[], byte[]> statuses;
    private InProcessModelServer modelServer;
    private FetcherRuntime fetcher;
    private SimpleMeterRegistry meters;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        int run = RUNS.incrementAndGet();
        prefix = "lifecycle-" + run + "-" + System.nanoTime() + "/";
        factory = KafkaClientFactory.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(Listener.PLAINTEXT),
                "SELDON_TOPIC_PREFIX", "fetcher" + run, "SELDON_NAMESPACE", "seldon-mesh"));
        topics = TopicNames.from(factory.settings());
        try (Admin admin = factory.admin(Map.of())) {
            admin.createTopics(List.of(new NewTopic(topics.controlModels(), 1, (short) 1),
                    new NewTopic(topics.statusModels(), 1, (short) 1))).all().get();
        }
        control = factory.producer(new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
        statuses = factory.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of());
        TopicPartition statusPartition = new TopicPartition(topics.statusModels(), 0);
        statuses.assign(List.of(statusPartition));
        statuses.seekToBeginning(List.of(statusPartition));
        writeSecret("s3-kms-models", fixtures.rcloneSecret(s3.endpoint()));
        modelServer = new InProcessModelServer(modelsRoot);
        fetcher = startFetcher();
    }

    @AfterEach
    void stop() {
        fetcher.close();
        modelServer.close();
        control.close();
        statuses.close();
        fixtures.close();
    }

    @Test
    void specForThisServerIsDownloadedVerifiedLoadedAndAnnounced() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());

        long offset = sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\", \"memory\": \"100Mi\"}");

        ModelStatus available = awaitStatus("iris", ModelState.AVAILABLE);
        String version = Long.toString(offset);
        assertThat(statesOf("iris")).containsExactly(ModelState.LOADING, ModelState.AVAILABLE);
        assertThat(available.version()).isEqualTo(version);
        assertThat(available.server()).isEqualTo("mlserver");
        assertThat(available.endpoints()).isEqualTo(ENDPOINTS);
        assertThat(available.verification()).isEqualTo("sha256 (1 file)");
        assertThat(modelsRoot.resolve("iris/" + version + "/model-settings.json")).exists();
        assertThat(modelServer.registry().isReady("iris", Optional.of(version))).isTrue();
        Tensor input = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[] {1, 2, 3, 4});
        ModelInferRequest request = Tensors.setInputs(ModelInferRequest.newBuilder().setModelName("iris"), List.of(input)).build();
        assertThat(Tensors.outputs(modelServer.inference().infer(request)).get(0).floats()).containsExactly(11, 12, 13, 14);
    }

    @Test
    void deletedSpecUnloadsTheModelAndRemovesItsFiles() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8), null, Map.of());
        long offset = sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        assertThat(awaitStatus("iris", ModelState.AVAILABLE).verification()).isEqualTo("size (1 file)");

        control.send(new ProducerRecord<>(topics.controlModels(), bytes("iris"), null));

        ModelStatus unloaded = awaitStatus("iris", ModelState.UNLOADED);
        assertThat(unloaded.reason()).isEqualTo("Model iris was deleted");
        assertThat(unloaded.version()).isEqualTo(Long.toString(offset));
        assertThat(statesOf("iris")).containsExactly(ModelState.LOADING, ModelState.AVAILABLE, ModelState.UNLOADING,
                ModelState.UNLOADED);
        assertThat(modelsRoot.resolve("iris")).doesNotExist();
        assertThat(modelServer.registry().entry("iris")).isEmpty();
    }

    @Test
    void secretWithoutAccessKeyFailsTheLoadNamingModelSecretAndField() {
        writeSecret("broken-secret", "type: s3\nname: s3\nparameters:\n  provider: AWS\n  env_auth: false\n");

        sendSpec("iris", "{\"storageUri\": \"s3://testkit/" + prefix + "iris\", \"secretName\": \"broken-secret\", "
                + "\"server\": \"mlserver\"}");

        assertThat(awaitStatus("iris", ModelState.LOAD_FAILED).reason()).isEqualTo("Model iris: secret 'broken-secret' has no "
                + "parameters.access_key_id (needed when env_auth is false; set env_auth: true to use the pod's AWS role instead)");
    }

    @Test
    void missingSecretAndModelServerRefusalAreReasonsAPersonCanActOn() {
        sendSpec("ghost", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "ghost\", \"secretName\": \"no-such-secret\", "
                + "\"server\": \"mlserver\"}");
        fixtures.putKms(prefix + "broken/model-settings.json", "{\"implementation\": \"no-such-implementation\"}"
                .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.CRC32C, Map.of());
        long broken = sendSpec("broken", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "broken\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");

        assertThat(awaitStatus("ghost", ModelState.LOAD_FAILED).reason()).isEqualTo("Model ghost: secret 'no-such-secret' "
                + "(spec.secretName) was not found in directory " + secrets + "; create it, or correct spec.secretName");
        assertThat(awaitStatus("broken", ModelState.LOAD_FAILED).reason())
                .startsWith("Model broken: the model server at " + modelServer.url() + " did not load version " + broken + ": ")
                .contains("no-such-implementation");
    }

    @Test
    void modelsOfOtherServersReplicasOrTooBigForTheServerAreNotLoaded() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8), null, Map.of());
        String storage = "\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", \"secretName\": \"s3-kms-models\"";
        sendSpec("elsewhere", "{" + storage + ", \"server\": \"triton\"}");
        sendSpec("needs-gpu", "{" + storage + ", \"requirements\": [\"gpu\"]}");
        sendSpec("no-replica", "{" + storage + ", \"server\": \"mlserver\", \"replicas\": 0}");
        sendSpec("too-big", "{" + storage + ", \"server\": \"mlserver\", \"memory\": \"2Gi\"}");
        sendSpec("iris", "{" + storage + ", \"requirements\": [\"SKLearn\"]}");

        awaitStatus("iris", ModelState.AVAILABLE);
        assertThat(awaitStatus("too-big", ModelState.LOAD_FAILED).reason()).isEqualTo("Model too-big needs 2Gi (2147483648 "
                + "bytes) but server replica mlserver-0 has 1073741824 of 1073741824 bytes free; lower spec.memory, unload "
                + "another model or give the server more memory");
        assertThat(seen).extracting(ModelStatus::server).containsOnly("mlserver");
        assertThat(statesOf("elsewhere")).isEmpty();
        assertThat(statesOf("needs-gpu")).isEmpty();
        assertThat(statesOf("no-replica")).isEmpty();
        assertThat(modelsRoot.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void restartedFetcherReloadsFromDiskWithoutDownloadingAndDropsModelsDeletedMeanwhile() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());
        fixtures.putKms(prefix + "old/model-settings.json", ADD10_SETTINGS.replace("iris", "old").getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());
        long offset = sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        sendSpec("old", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "old\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        awaitStatus("iris", ModelState.AVAILABLE);
        awaitStatus("old", ModelState.AVAILABLE);
        fetcher.close();
        control.send(new ProducerRecord<>(topics.controlModels(), bytes("old"), null));
        seen.clear();

        fetcher = startFetcher();

        ModelStatus again = awaitStatus("iris", ModelState.AVAILABLE);
        assertThat(again.version()).isEqualTo(Long.toString(offset));
        assertThat(again.verification()).isEqualTo("sha256 (1 file)");
        assertThat(awaitStatus("old", ModelState.UNLOADED).reason()).isEqualTo("Model old was deleted");
        assertThat(modelsRoot.resolve("old")).doesNotExist();
        assertThat(requests("GetObject")).isZero();
        assertThat(requests("HeadObject")).isZero();
    }

    @Test
    void modelDirectoryWithoutAnySpecIsRemovedOnceTheTopicIsRead() throws Exception {
        Files.createDirectories(modelsRoot.resolve("forgotten/7"));
        Files.writeString(modelsRoot.resolve("forgotten/7/model-settings.json"), ADD10_SETTINGS);
        fetcher.close();
        seen.clear();

        fetcher = startFetcher();

        assertThat(awaitStatus("forgotten", ModelState.UNLOADED)).satisfies(status -> {
            assertThat(status.version()).isEqualTo("7");
            assertThat(status.reason()).isEqualTo("Model forgotten was deleted while the fetcher was down");
        });
        assertThat(modelsRoot.resolve("forgotten")).doesNotExist();
        assertThat(fetcher.ready()).isTrue();
    }

    private FetcherRuntime startFetcher() {
        meters = new SimpleMeterRegistry();
        FetcherSettings settings = new FetcherSettings(modelsRoot, SERVER, modelServer.url(), Duration.ofSeconds(30),
                List.of(), new DownloadSettings(4, 8 << 20, 2 << 20, 3, 64 * 1024, Duration.ofSeconds(5)), 2);
        FetcherRuntime runtime = new FetcherRuntime(settings, factory, topics, List.of(new MountedSecrets(secrets)), meters,
                Clock.systemUTC());
        runtime.start();
        return runtime;
    }

    private long sendSpec(String model, String specJson) {
        try {
            return control.send(new ProducerRecord<>(topics.controlModels(), bytes(model), bytes(specJson))).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ModelStatus awaitStatus(String model, ModelState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ModelStatus> found = seenFor(model).stream().filter(status -> status.state() == state).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            for (ConsumerRecord<byte[], byte[]> record : statuses.poll(Duration.ofMillis(200))) {
                ModelStatusKey key = ModelStatusKey.parse(record.key());
                assertThat(key.replica()).isEqualTo("mlserver-0");
                ModelStatus status = ModelStatus.parse(record.value());
                seen.add(new ModelStatus(status.state(), status.version(), status.server(), status.endpoints(),
                        key.model() + "\u0000" + (status.reason() == null ? "" : status.reason()), status.verification(),
                        status.updatedAt()));
            }
        }
        throw new AssertionError("no " + state + " status for model " + model + " within 30 s; seen: " + seen);
    }

    /** Statuses are stored with the model name in front of the reason, to keep them in arrival order. */
    private List<ModelStatus> seenFor(String model) {
        List<ModelStatus> statusesOfModel = new ArrayList<>();
        for (ModelStatus status : seen) {
            String[] modelAndReason = status.reason().split("\u0000", 2);
            if (modelAndReason[0].equals(model)) {
                statusesOfModel.add(new ModelStatus(status.state(), status.version(), status.server(), status.endpoints(),
                        modelAndReason[1].isEmpty() ? null : modelAndReason[1], status.verification(), status.updatedAt()));
            }
        }
        return statusesOfModel;
    }

    private List<ModelState> statesOf(String model) {
        return seenFor(model).stream().map(ModelStatus::state).toList();
    }

    private void writeSecret(String name, String content) {
        try {
            Files.createDirectories(secrets.resolve(name));
            Files.writeString(secrets.resolve(name).resolve("config"), content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double requests(String operation) {
        Counter counter = meters.find(S3RequestMetrics.METER).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
