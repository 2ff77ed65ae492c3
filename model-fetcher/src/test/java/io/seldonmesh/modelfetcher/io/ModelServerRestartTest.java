package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;

/**
 * The real model-server, as a process, killed with SIGKILL and started again empty on its address,
 * beside a fetcher checking it every 0.5 s: while it is down the model is {@code LoadFailed} naming
 * the server and the fetcher is not ready; once it is back the fetcher sees its new instance id,
 * reloads the model from the verified files on disk (no GET to S3) and the model answers again,
 * within {@link #RECOVERY_BOUND} of the restarted server being ready.
 */
class ModelServerRestartTest {

    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    private static final String ADD10_REQUEST = "{\"inputs\":[{\"name\":\"INPUT\",\"datatype\":\"FP32\",\"shape\":[4],"
            + "\"data\":[1,2,3,4]}]}";

    @TempDir
    Path directory;

    @Test
    void modelServerKilledAndRestartedEmptyGetsItsModelBackFromDiskAndAnswersAgain() throws Exception {
        Path modelsRoot = Files.createDirectories(directory.resolve("models"));
        try (ModelTopics topics = new ModelTopics();
             ModelServerProcess modelServer = new ModelServerProcess(modelsRoot);
             FetcherBesideServer beside = new FetcherBesideServer(modelsRoot, Files.createDirectories(directory.resolve("secrets")),
                     topics, modelServer.url(), ServerReplica.QUICK_RETRIES)) {
            URI url = modelServer.url();
            long offset = topics.sendSpec("iris", beside.irisSpec());
            topics.await("iris", ModelState.AVAILABLE);
            assertThat(answer(modelServer)).containsExactly(11, 12, 13, 14);
            double getsBefore = ServerReplica.s3Requests(beside.meters(), "GetObject");
            topics.forget();

            modelServer.kill();

            ModelStatus down = topics.await("iris", ModelState.LOAD_FAILED);
            assertThat(down.reason()).startsWith("Model iris: the model server at " + url + " is unreachable: ")
                    .endsWith("; checking again every 500 ms, the model is loaded again when it answers");
            assertThat(down.endpoints()).as("no endpoint is announced while the server is down").isNull();
            assertThat(beside.fetcher().problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("the model server at " + url + " is unreachable since "));

            modelServer.start();
            long ready = System.nanoTime();
            ModelStatus reloading = topics.await("iris", ModelState.LOADING);
            ModelStatus available = topics.await("iris", ModelState.AVAILABLE);
            Duration recovery = Duration.ofNanos(System.nanoTime() - ready);

            System.out.printf("model-server restarted: model iris Available again %d ms after the new server was ready%n",
                    recovery.toMillis());
            assertThat(recovery).isLessThan(RECOVERY_BOUND);
            assertThat(topics.statesOf("iris")).containsExactly(ModelState.LOAD_FAILED, ModelState.LOADING, ModelState.AVAILABLE);
            assertThat(reloading.reason()).startsWith("Model iris: the model server at " + url + " restarted (instance ")
                    .contains(" and no longer has version " + offset + " loaded: ")
                    .endsWith("; reloading from the verified files on disk");
            assertThat(available.version()).isEqualTo(Long.toString(offset));
            assertThat(available.verification()).isEqualTo("sha256 (1 file)");
            assertThat(answer(modelServer)).containsExactly(11, 12, 13, 14);
            assertThat(ServerReplica.s3Requests(beside.meters(), "GetObject")).as("S3 GETs after the restart").isEqualTo(getsBefore);
            assertThat(beside.fetcher().problems()).isEmpty();
            assertThat(beside.meters().get("model.fetcher.reloads").tag("model", "iris").tag("cause", "restarted").counter()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void aRestartedFetcherWhoseServerStillServesTheModelNeverAnnouncesItLoading() throws Exception {
        Path modelsRoot = Files.createDirectories(directory.resolve("models"));
        Path secrets = Files.createDirectories(directory.resolve("secrets"));
        try (ModelTopics topics = new ModelTopics();
             ModelServerProcess modelServer = new ModelServerProcess(modelsRoot)) {
            try (FetcherBesideServer first = new FetcherBesideServer(modelsRoot, secrets, topics, modelServer.url(),
                    ServerReplica.QUICK_RETRIES)) {
                topics.sendSpec("iris", first.irisSpec());
                topics.await("iris", ModelState.AVAILABLE);
            }
            topics.forget();

            try (FetcherBesideServer second = new FetcherBesideServer(modelsRoot, secrets, topics, modelServer.url(),
                    ServerReplica.QUICK_RETRIES)) {
                topics.await("iris", ModelState.AVAILABLE);

                assertThat(topics.statesOf("iris")).as("what the restarted fetcher said of a model still served")
                        .containsOnly(ModelState.AVAILABLE);
                assertThat(answer(modelServer)).containsExactly(11, 12, 13, 14);
            }
        }
    }

    private static float[] answer(ModelServerProcess modelServer) throws Exception {
        HttpResponse<String> response = modelServer.infer("iris", ADD10_REQUEST);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Tensors.outputs(V2Json.parseResponse(response.body())).get(0).floats();
    }
}
