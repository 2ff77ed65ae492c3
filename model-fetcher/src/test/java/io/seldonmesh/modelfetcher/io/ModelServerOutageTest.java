package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.RetryBackoff;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.SharedServers;

/**
 * A model server that is not there yet when a Model arrives (its pod still starting): the fetcher
 * is not ready and says why, the load is LoadFailed with its next try, and once the server answers
 * the load runs at once, without waiting out its backoff (here at least 10 s).
 */
class ModelServerOutageTest {

    private static final RetryBackoff LONG_WAITS = new RetryBackoff(Duration.ofSeconds(20), Duration.ofSeconds(60));

    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of(),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));

    @TempDir
    Path directory;

    @Test
    void loadRefusedForLackOfAModelServerRunsAsSoonAsTheServerAnswers() throws Exception {
        Path modelsRoot = Files.createDirectories(directory.resolve("models"));
        Path secrets = Files.createDirectories(directory.resolve("secrets/s3-kms-models"));
        String prefix = "outage-" + System.nanoTime() + "/";
        int port = FreePort.next();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET);
             ModelTopics topics = new ModelTopics();
             FetcherRuntime fetcher = new FetcherRuntime(ServerReplica.settings(modelsRoot, SERVER,
                     URI.create("http://127.0.0.1:" + port), List.of(), List.of(), LONG_WAITS), topics.kafka(), topics.names(),
                     List.of(new MountedSecrets(secrets.getParent())), meters, Clock.systemUTC())) {
            fixtures.putKms(prefix + "iris/model-settings.json", "{\"implementation\": \"add10\"}"
                    .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
            Files.writeString(secrets.resolve("config"), fixtures.rcloneSecret(SharedServers.s3().endpoint()));
            fetcher.start();

            topics.sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                    + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");

            ModelStatus failed = topics.await("iris", ModelState.LOAD_FAILED);
            assertThat(failed.reason()).startsWith("Model iris: cannot reach the model server at http://127.0.0.1:" + port
                    + " to load it: java.net.ConnectException").containsPattern("; attempt 1 failed; next try in 1\\d\\.\\d s, at ");
            assertThat(fetcher.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("the model server at http://127.0.0.1:" + port + " is unreachable since "));

            try (InProcessModelServer modelServer = new InProcessModelServer(modelsRoot, port)) {
                long started = System.nanoTime();
                topics.await("iris", ModelState.AVAILABLE);
                Duration loaded = Duration.ofNanos(System.nanoTime() - started);

                System.out.printf("model server up: model iris Available %d ms later%n", loaded.toMillis());
                assertThat(loaded).as("well before the planned retry").isLessThan(Duration.ofSeconds(5));
                assertThat(modelServer.registry().isReady("iris", Optional.empty())).isTrue();
                assertThat(fetcher.problems()).isEmpty();
                assertThat(meters.get("model.fetcher.load.retries").tag("model", "iris").tag("source", "model_server")
                        .counter().count()).isPositive();
            }
        }
    }
}
