package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/**
 * The whole path on real servers: a Model spec on the control topic (real Kafka broker), its
 * artifact in SSE-KMS S3 (real S3 server), the model-server module's loading code behind its
 * repository API, and the statuses that come back on the status topic.
 */
class ModelLifecycleTest {

    private static final String ADD10_SETTINGS = "{\"name\": \"iris\", \"implementation\": \"add10\"}";
    private static final Endpoints ENDPOINTS = new Endpoints("http://mlserver-0.mlserver:9500", "mlserver-0.mlserver:9501");
    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of("sklearn"),
            OptionalLong.of(1L << 30), ENDPOINTS);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path directory;

    private final S3Server s3 = SharedServers.s3();
    private final S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET);
    private ModelTopics topics;
    private ServerReplica replica;
    private Path modelsRoot;
    private InProcessModelServer modelServer;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        prefix = "lifecycle-" + RUNS.incrementAndGet() + "-" + System.nanoTime() + "/";
        topics = new ModelTopics();
        replica = new ServerReplica(SERVER, topics, directory, List.of());
        replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(s3.endpoint()));
        modelsRoot = replica.modelsRoot();
        modelServer = replica.modelServer();
    }

    @AfterEach
    void stop() {
        replica.close();
        topics.close();
        fixtures.close();
    }

    @Test
    void specForThisServerIsDownloadedVerifiedLoadedAndAnnounced() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());

        long offset = topics.sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\", \"memory\": \"100Mi\"}");

        ModelStatus available = topics.await("iris", ModelState.AVAILABLE);
        String version = Long.toString(offset);
        assertThat(topics.statesOf("iris")).containsExactly(ModelState.LOADING, ModelState.AVAILABLE);
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
        long offset = topics.sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        assertThat(topics.await("iris", ModelState.AVAILABLE).verification()).isEqualTo("size (1 file)");

        topics.delete("iris");

        ModelStatus unloaded = topics.await("iris", ModelState.UNLOADED);
        assertThat(unloaded.reason()).isEqualTo("Model iris was deleted");
        assertThat(unloaded.version()).isEqualTo(Long.toString(offset));
        assertThat(topics.statesOf("iris")).containsExactly(ModelState.LOADING, ModelState.AVAILABLE, ModelState.UNLOADING,
                ModelState.UNLOADED);
        assertThat(modelsRoot.resolve("iris")).doesNotExist();
        assertThat(modelServer.registry().entry("iris")).isEmpty();
    }

    @Test
    void secretWithoutAccessKeyFailsTheLoadNamingModelSecretAndField() {
        replica.writeSecret("broken-secret", "type: s3\nname: s3\nparameters:\n  provider: AWS\n  env_auth: false\n");

        topics.sendSpec("iris", "{\"storageUri\": \"s3://testkit/" + prefix + "iris\", \"secretName\": \"broken-secret\", "
                + "\"server\": \"mlserver\"}");

        assertThat(topics.await("iris", ModelState.LOAD_FAILED).reason()).isEqualTo("Model iris: secret 'broken-secret' has no "
                + "parameters.access_key_id (needed when env_auth is false; set env_auth: true to use the pod's AWS role instead)"
                + "; not retried: apply the Model again once this is corrected");
    }

    @Test
    void missingSecretAndModelServerRefusalAreReasonsAPersonCanActOn() {
        topics.sendSpec("ghost", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "ghost\", \"secretName\": \"no-such-secret\", "
                + "\"server\": \"mlserver\"}");
        fixtures.putKms(prefix + "broken/model-settings.json", "{\"implementation\": \"no-such-implementation\"}"
                .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.CRC32C, Map.of());
        long broken = topics.sendSpec("broken", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "broken\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");

        assertThat(topics.await("ghost", ModelState.LOAD_FAILED).reason()).isEqualTo("Model ghost: secret 'no-such-secret' "
                + "(spec.secretName) was not found in directory " + replica.secrets() + "; create it, or correct spec.secretName"
                + "; not retried: apply the Model again once this is corrected");
        assertThat(topics.await("broken", ModelState.LOAD_FAILED).reason())
                .startsWith("Model broken: the model server at " + modelServer.url() + " did not load version " + broken + ": ")
                .contains("no-such-implementation");
    }

    @Test
    void modelsOfOtherServersReplicasOrTooBigForTheServerAreNotLoaded() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8), null, Map.of());
        String storage = "\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", \"secretName\": \"s3-kms-models\"";
        topics.sendSpec("elsewhere", "{" + storage + ", \"server\": \"triton\"}");
        topics.sendSpec("no-replica", "{" + storage + ", \"server\": \"mlserver\", \"replicas\": 0}");
        topics.sendSpec("too-big", "{" + storage + ", \"server\": \"mlserver\", \"memory\": \"2Gi\"}");
        topics.sendSpec("iris", "{" + storage + ", \"requirements\": [\"SKLearn\"]}");

        topics.await("iris", ModelState.AVAILABLE);
        assertThat(topics.await("too-big", ModelState.LOAD_FAILED).reason()).isEqualTo("Model too-big needs 2Gi (2147483648 "
                + "bytes) but server replica mlserver-0 has 1073741824 of 1073741824 bytes free; lower spec.memory, unload "
                + "another model or give the server more memory");
        assertThat(topics.seen()).allSatisfy(seen -> {
            assertThat(seen.key().replica()).isEqualTo("mlserver-0");
            assertThat(seen.status().server()).isEqualTo("mlserver");
        });
        assertThat(topics.statesOf("elsewhere")).isEmpty();
        assertThat(topics.statesOf("no-replica")).isEmpty();
        assertThat(modelsRoot.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void restartedFetcherReloadsFromDiskWithoutDownloadingAndDropsModelsDeletedMeanwhile() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());
        fixtures.putKms(prefix + "old/model-settings.json", ADD10_SETTINGS.replace("iris", "old").getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());
        long offset = topics.sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        topics.sendSpec("old", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "old\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        topics.await("iris", ModelState.AVAILABLE);
        topics.await("old", ModelState.AVAILABLE);
        replica.stopFetcher();
        topics.delete("old");
        topics.forget();

        replica.startFetcher();

        ModelStatus again = topics.await("iris", ModelState.AVAILABLE);
        assertThat(again.version()).isEqualTo(Long.toString(offset));
        assertThat(again.verification()).isEqualTo("sha256 (1 file)");
        assertThat(topics.await("old", ModelState.UNLOADED).reason()).isEqualTo("Model old was deleted");
        assertThat(modelsRoot.resolve("old")).doesNotExist();
        assertThat(replica.s3Requests("GetObject")).isZero();
        assertThat(replica.s3Requests("HeadObject")).isZero();
    }

    @Test
    void modelUnloadedBehindTheFetchersBackIsLoadedAgainFromItsFilesOnDisk() {
        fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS.getBytes(StandardCharsets.UTF_8),
                ChecksumAlgorithm.SHA256, Map.of());
        long offset = topics.sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
        topics.await("iris", ModelState.AVAILABLE);
        double gets = replica.s3Requests("GetObject");
        topics.forget();

        modelServer.registry().unload("iris");

        ModelStatus reloading = topics.await("iris", ModelState.LOADING);
        topics.await("iris", ModelState.AVAILABLE);
        assertThat(reloading.reason()).isEqualTo("Model iris: the model server at " + modelServer.url() + " no longer has"
                + " version " + offset + " loaded: the repository index shows it UNAVAILABLE (not loaded); reloading from the"
                + " verified files on disk");
        assertThat(topics.statesOf("iris")).containsExactly(ModelState.LOADING, ModelState.AVAILABLE);
        assertThat(modelServer.registry().isReady("iris", Optional.of(Long.toString(offset)))).isTrue();
        assertThat(replica.s3Requests("GetObject")).isEqualTo(gets);
    }

    @Test
    void modelDirectoryWithoutAnySpecIsRemovedOnceTheTopicIsRead() throws Exception {
        Files.createDirectories(modelsRoot.resolve("forgotten/7"));
        Files.writeString(modelsRoot.resolve("forgotten/7/model-settings.json"), ADD10_SETTINGS);
        replica.stopFetcher();
        topics.forget();

        replica.startFetcher();

        assertThat(topics.await("forgotten", ModelState.UNLOADED)).satisfies(status -> {
            assertThat(status.version()).isEqualTo("7");
            assertThat(status.reason()).isEqualTo("Model forgotten was deleted while the fetcher was down");
        });
        assertThat(modelsRoot.resolve("forgotten")).doesNotExist();
        assertThat(replica.fetcher().ready()).isTrue();
    }
}
