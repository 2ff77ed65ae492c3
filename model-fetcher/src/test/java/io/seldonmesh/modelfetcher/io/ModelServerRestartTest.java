package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.SharedServers;

/**
 * The real model-server, as a process, killed with SIGKILL and started again empty on its address,
 * beside a fetcher checking it every 0.5 s: while it is down the model is {@code LoadFailed} naming
 * the server and the fetcher is not ready; once it is back the fetcher sees its new instance id,
 * reloads the model from the verified files on disk (no GET to S3) and the model answers again,
 * within {@link #RECOVERY_BOUND} of the restarted server being ready.
 */
class ModelServerRestartTest {

    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of(),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));
    private static final String ADD10_REQUEST = "{\"inputs\":[{\"name\":\"INPUT\",\"datatype\":\"FP32\",\"shape\":[4],"
            + "\"data\":[1,2,3,4]}]}";

    @TempDir
    Path directory;

    @Test
    void modelServerKilledAndRestartedEmptyGetsItsModelBackFromDiskAndAnswersAgain() throws Exception {
        Path modelsRoot = Files.createDirectories(directory.resolve("models"));
        Path secrets = Files.createDirectories(directory.resolve("secrets/s3-kms-models"));
        String prefix = "restart-" + System.nanoTime() + "/";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET);
             ModelTopics topics = new ModelTopics();
             ModelServerProcess modelServer = new ModelServerProcess(modelsRoot)) {
            fixtures.putKms(prefix + "iris/model-settings.json", "{\"implementation\": \"add10\"}"
                    .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
            Files.writeString(secrets.resolve("config"), fixtures.rcloneSecret(SharedServers.s3().endpoint()));
            URI url = modelServer.url();
            try (FetcherRuntime fetcher = new FetcherRuntime(ServerReplica.settings(modelsRoot, SERVER, url, List.of(), List.of()),
                    topics.kafka(), topics.names(), List.of(new MountedSecrets(secrets.getParent())), meters, Clock.systemUTC())) {
                fetcher.start();
                long offset = topics.sendSpec("iris", "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", "
                        + "\"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}");
                topics.await("iris", ModelState.AVAILABLE);
                assertThat(answer(modelServer)).containsExactly(11, 12, 13, 14);
                double getsBefore = requests(meters, "GetObject");
                topics.forget();

                modelServer.kill();

                ModelStatus down = topics.await("iris", ModelState.LOAD_FAILED);
                assertThat(down.reason()).startsWith("Model iris: the model server at " + url + " is unreachable: ")
                        .endsWith("; checking again every 500 ms, the model is loaded again when it answers");
                assertThat(down.endpoints()).as("no endpoint is announced while the server is down").isNull();
                assertThat(fetcher.problems()).anySatisfy(problem -> assertThat(problem)
                        .startsWith("the model server at " + url + " is unreachable since "));

                modelServer.start();
                long ready = System.nanoTime();
                ModelStatus reloading = topics.await("iris", ModelState.LOADING);
                ModelStatus available = topics.await("iris", ModelState.AVAILABLE);
                Duration recovery = Duration.ofNanos(System.nanoTime() - ready);

                System.out.printf("model-server restarted: model iris Available again %d ms after the new server was ready%n",
                        recovery.toMillis());
                assertThat(recovery).isLessThan(RECOVERY_BOUND);
                assertThat(topics.statesOf("iris")).containsExactly(ModelState.LOAD_FAILED, ModelState.LOADING,
                        ModelState.AVAILABLE);
                assertThat(reloading.reason()).startsWith("Model iris: the model server at " + url + " restarted (instance ")
                        .contains(" and no longer has version " + offset + " loaded: ")
                        .endsWith("; reloading from the verified files on disk");
                assertThat(available.version()).isEqualTo(Long.toString(offset));
                assertThat(available.verification()).isEqualTo("sha256 (1 file)");
                assertThat(answer(modelServer)).containsExactly(11, 12, 13, 14);
                assertThat(requests(meters, "GetObject")).as("S3 GETs after the restart").isEqualTo(getsBefore);
                assertThat(fetcher.problems()).isEmpty();
                assertThat(meters.get("model.fetcher.reloads").tag("model", "iris").tag("cause", "restarted").counter().count())
                        .isEqualTo(1);
            }
        }
    }

    private static float[] answer(ModelServerProcess modelServer) throws Exception {
        HttpResponse<String> response = modelServer.infer("iris", ADD10_REQUEST);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Tensors.outputs(V2Json.parseResponse(response.body())).get(0).floats();
    }

    private static double requests(SimpleMeterRegistry meters, String operation) {
        Counter counter = meters.find(S3RequestMetrics.METER).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }
}
