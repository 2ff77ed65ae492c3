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
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/**
 * A spec written straight to the control topic, past the control API, naming storage outside
 * {@code STORAGE_URI_ALLOWED_PREFIXES} for the namespace of the control topic it is on: the fetcher does not read it
 * (its own credentials would open any bucket they reach) and says why in the status; a model inside its namespace's
 * entries loads, and another namespace's entries do not apply. On the real broker and S3 server.
 */
class StorageAllowListTest {

    private static final ServerIdentity MLSERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of("sklearn"),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path directory;

    private final S3Server s3 = SharedServers.s3();
    private final S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET);
    private ModelTopics topics;
    private ServerReplica mlserver;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        prefix = "allow-list-" + RUNS.incrementAndGet() + "-" + System.nanoTime();
        for (String team : List.of("team-a", "team-b")) {
            fixtures.putKms(prefix + "/" + team + "/add10/model-settings.json",
                    "{\"implementation\": \"add10\"}".getBytes(StandardCharsets.UTF_8), null, Map.of());
        }
        topics = new ModelTopics();
        mlserver = new ServerReplica(MLSERVER, topics, directory.resolve("mlserver-0"), List.of());
        mlserver.writeSecret("s3-kms-models", fixtures.rcloneSecret(s3.endpoint()));
        mlserver.restartFetcherAllowing(StorageAllowList.parse(topics.names().namespace() + "=s3-kms://testkit/"
                + prefix + "/team-a, elsewhere=s3-kms://testkit/" + prefix + "/team-b"));
    }

    @AfterEach
    void stop() {
        mlserver.close();
        topics.close();
        fixtures.close();
    }

    @Test
    void modelInAnotherNamespacesLocationIsLoadFailedNamingTheRuleAndNothingIsRead() {
        String outside = "s3-kms://testkit/" + prefix + "/team-b/add10";
        topics.sendSpec("outside", "{\"storageUri\": \"" + outside + "\", \"secretName\": \"s3-kms-models\","
                + " \"requirements\": [\"sklearn\"]}");

        ModelStatus failed = topics.await("outside", ModelState.LOAD_FAILED);

        assertThat(failed.reason()).startsWith("Model outside: storageUri '" + outside + "' is outside the locations this"
                + " installation allows in namespace '" + topics.names().namespace() + "' (STORAGE_URI_ALLOWED_PREFIXES: "
                + topics.names().namespace() + "=s3-kms://testkit/" + prefix + "/team-a)");
        assertThat(mlserver.modelsRoot().resolve("outside")).doesNotExist();
    }

    @Test
    void modelInsideTheAllowedLocationsLoads() {
        topics.sendSpec("inside", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "/team-a/add10\","
                + " \"secretName\": \"s3-kms-models\", \"requirements\": [\"sklearn\"]}");

        assertThat(topics.await("inside", ModelState.AVAILABLE).state()).isEqualTo(ModelState.AVAILABLE);
    }
}
