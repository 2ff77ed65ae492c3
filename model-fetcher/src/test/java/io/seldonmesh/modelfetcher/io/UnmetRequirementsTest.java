package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/**
 * A Model whose {@code requirements} the server lacks is not left waiting in silence: the replica
 * that would hold it publishes LoadFailed naming what is missing and what the server offers, and
 * replaces that status when the spec changes. On the real broker, with the model-server's loading
 * code behind each replica.
 */
class UnmetRequirementsTest {

    private static final ServerIdentity MLSERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of("sklearn", "onnx"),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path directory;

    private final S3Server s3 = SharedServers.s3();
    private final S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET);
    private ModelTopics topics;
    private ServerReplica mlserver;
    private String storage;

    @BeforeEach
    void start() throws Exception {
        String prefix = "requirements-" + RUNS.incrementAndGet() + "-" + System.nanoTime() + "/";
        fixtures.putKms(prefix + "add10/model-settings.json", "{\"implementation\": \"add10\"}".getBytes(StandardCharsets.UTF_8),
                null, Map.of());
        storage = "\"storageUri\": \"s3-kms://testkit/" + prefix + "add10\", \"secretName\": \"s3-kms-models\"";
        topics = new ModelTopics();
        mlserver = replica(MLSERVER);
    }

    @AfterEach
    void stop() {
        mlserver.close();
        topics.close();
        fixtures.close();
    }

    @Test
    void modelRequiringWhatTheServerLacksIsLoadFailedNamingTheRequirementAndTheCapabilities() {
        long version = topics.sendSpec("tfsimple1", "{" + storage + ", \"requirements\": [\"tensorflow\"], \"memory\": \"100Ki\"}");

        ModelStatus failed = topics.await("tfsimple1", ModelState.LOAD_FAILED);

        assertThat(failed.reason()).isEqualTo("Model tfsimple1 requires [tensorflow], which server 'mlserver' (capabilities: "
                + "onnx, sklearn) does not offer; deploy a server with these capabilities or change spec.requirements");
        assertThat(failed.version()).isEqualTo(Long.toString(version));
        assertThat(failed.server()).isEqualTo("mlserver");
        assertThat(failed.endpoints()).isNull();
        assertThat(topics.statesOf("tfsimple1")).containsExactly(ModelState.LOAD_FAILED);
        assertThat(mlserver.modelsRoot().resolve("tfsimple1")).doesNotExist();
    }

    @Test
    void specChangedToFitReplacesTheLoadFailedWithAvailable() {
        topics.sendSpec("add10", "{" + storage + ", \"requirements\": [\"triton\", \"python\"]}");
        topics.await("add10", ModelState.LOAD_FAILED);

        long fitting = topics.sendSpec("add10", "{" + storage + ", \"requirements\": [\"sklearn\"]}");

        assertThat(topics.await("add10", ModelState.AVAILABLE).version()).isEqualTo(Long.toString(fitting));
        assertThat(topics.statesOf("add10")).containsExactly(ModelState.LOAD_FAILED, ModelState.LOADING, ModelState.AVAILABLE);
    }

    @Test
    void loadFailedIsWithdrawnWhenTheModelIsPinnedElsewhereOrDeleted() {
        long refused = topics.sendSpec("moved", "{" + storage + ", \"requirements\": [\"gpu\"]}");
        topics.sendSpec("deleted", "{" + storage + ", \"requirements\": [\"gpu\"]}");
        topics.await("moved", ModelState.LOAD_FAILED);
        topics.await("deleted", ModelState.LOAD_FAILED);

        topics.sendSpec("moved", "{" + storage + ", \"requirements\": [\"gpu\"], \"server\": \"triton\"}");
        topics.delete("deleted");

        ModelStatus moved = topics.await("moved", ModelState.UNLOADED);
        assertThat(moved.reason()).isEqualTo("Model moved is pinned to server 'triton'");
        assertThat(moved.version()).isEqualTo(Long.toString(refused));
        assertThat(topics.await("deleted", ModelState.UNLOADED).reason()).isEqualTo("Model deleted was deleted");
        assertThat(topics.statesOf("moved")).containsExactly(ModelState.LOAD_FAILED, ModelState.UNLOADED);
    }

    @Test
    void heldModelWhoseRequirementsChangeBeyondTheServerIsUnloadedThenLoadFailed() {
        topics.sendSpec("add10", "{" + storage + ", \"requirements\": [\"onnx\"]}");
        topics.await("add10", ModelState.AVAILABLE);

        topics.sendSpec("add10", "{" + storage + ", \"requirements\": [\"triton\"]}");

        assertThat(topics.await("add10", ModelState.LOAD_FAILED).reason()).startsWith("Model add10 requires [triton], ");
        assertThat(topics.statesOf("add10")).containsExactly(ModelState.LOADING, ModelState.AVAILABLE, ModelState.UNLOADING,
                ModelState.UNLOADED, ModelState.LOAD_FAILED);
        assertThat(mlserver.modelsRoot().resolve("add10")).doesNotExist();
        assertThat(mlserver.modelServer().registry().entry("add10")).isEmpty();
    }

    @Test
    void modelAnotherServerOffersBecomesAvailableThereWhileThisServerSaysWhyNot() {
        ServerIdentity tritonIdentity = new ServerIdentity("triton", "triton-0", 0, Set.of("triton", "python", "tensorflow"),
                OptionalLong.empty(), new Endpoints("http://triton-0:9500", null));
        try (ServerReplica triton = replica(tritonIdentity)) {
            topics.sendSpec("add10", "{" + storage + ", \"requirements\": [\"triton\", \"python\"]}");

            ModelStatus available = topics.await("add10", "triton-0", ModelState.AVAILABLE);
            ModelStatus failed = topics.await("add10", "mlserver-0", ModelState.LOAD_FAILED);

            assertThat(available.server()).isEqualTo("triton");
            assertThat(failed.reason()).isEqualTo("Model add10 requires [python, triton], which server 'mlserver' "
                    + "(capabilities: onnx, sklearn) does not offer; deploy a server with these capabilities or change "
                    + "spec.requirements");
            assertThat(triton.modelServer().registry().entry("add10")).isPresent();
            assertThat(mlserver.modelsRoot().resolve("add10")).doesNotExist();
        }
    }

    private ServerReplica replica(ServerIdentity identity) {
        ServerReplica replica = new ServerReplica(identity, topics, directory.resolve(identity.replicaId()), List.of());
        replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(s3.endpoint()));
        return replica;
    }
}
