package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.modelfetcher.core.RetryBackoff;
import io.seldonmesh.testkit.FreePort;

/**
 * A model server that is not there yet when a Model arrives (its pod still starting): the fetcher
 * is not ready and says why, the load is LoadFailed with its next try, and once the server answers
 * the load runs at once, without waiting out its backoff (here at least 10 s).
 */
class ModelServerOutageTest {

    private static final RetryBackoff LONG_WAITS = new RetryBackoff(Duration.ofSeconds(20), Duration.ofSeconds(60));

    @TempDir
    Path directory;

    @Test
    void loadRefusedForLackOfAModelServerRunsAsSoonAsTheServerAnswers() throws Exception {
        Path modelsRoot = Files.createDirectories(directory.resolve("models"));
        int port = FreePort.next();
        URI url = URI.create("http://127.0.0.1:" + port);
        try (ModelTopics topics = new ModelTopics();
             FetcherBesideServer beside = new FetcherBesideServer(modelsRoot, Files.createDirectories(directory.resolve("secrets")),
                     topics, url, LONG_WAITS)) {

            topics.sendSpec("iris", beside.irisSpec());

            ModelStatus failed = topics.await("iris", ModelState.LOAD_FAILED);
            assertThat(failed.reason()).startsWith("Model iris: cannot reach the model server at " + url
                    + " to load it: java.net.ConnectException").containsPattern("; attempt 1 failed; next try in 1\\d\\.\\d s, at ");
            assertThat(beside.fetcher().problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("the model server at " + url + " is unreachable since "));

            try (InProcessModelServer modelServer = new InProcessModelServer(modelsRoot, port)) {
                long started = System.nanoTime();
                topics.await("iris", ModelState.AVAILABLE);
                Duration loaded = Duration.ofNanos(System.nanoTime() - started);

                System.out.printf("model server up: model iris Available %d ms later%n", loaded.toMillis());
                assertThat(loaded).as("well before the planned retry").isLessThan(Duration.ofSeconds(5));
                assertThat(modelServer.registry().isReady("iris", Optional.empty())).isTrue();
                assertThat(beside.fetcher().problems()).isEmpty();
                assertThat(beside.meters().get("model.fetcher.load.retries").tag("model", "iris").tag("source", "model_server")
                        .counter().count()).isPositive();
            }
        }
    }
}
