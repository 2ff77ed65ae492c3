package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.RetryBackoff;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.SharedServers;

/**
 * A running fetcher beside a model server known only by its URL (a process of its own, or one not
 * started yet), with an {@code add10} model called iris in the shared S3 server under a prefix of
 * its own, and the secret to read it mounted.
 */
final class FetcherBesideServer implements AutoCloseable {

    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of(),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));

    private final String prefix = "beside-" + System.nanoTime() + "/";
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FetcherRuntime fetcher;

    /**
     * @param modelsRoot shared with the model server
     * @param secrets    an empty directory for the mounted secret
     */
    FetcherBesideServer(Path modelsRoot, Path secrets, ModelTopics topics, URI modelServer, RetryBackoff loadRetry)
            throws IOException {
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET)) {
            fixtures.putKms(prefix + "iris/model-settings.json", "{\"implementation\": \"add10\"}"
                    .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
            Path secret = Files.createDirectories(secrets.resolve("s3-kms-models"));
            Files.writeString(secret.resolve("config"), fixtures.rcloneSecret(SharedServers.s3().endpoint()));
        }
        fetcher = new FetcherRuntime(ServerReplica.settings(modelsRoot, SERVER, modelServer, List.of(), List.of(), loadRetry),
                topics.kafka(), topics.names(), List.of(new MountedSecrets(secrets)), meters, Clock.systemUTC());
        fetcher.start();
    }

    /** The spec of iris as the control API writes it. */
    String irisSpec() {
        return "{\"storageUri\": \"s3-kms://testkit/" + prefix + "iris\", \"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}";
    }

    FetcherRuntime fetcher() {
        return fetcher;
    }

    SimpleMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
