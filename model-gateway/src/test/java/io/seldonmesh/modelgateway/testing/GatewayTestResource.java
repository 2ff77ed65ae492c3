package io.seldonmesh.modelgateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.util.Map;

/**
 * Runs the in-process gateway against the shared Kafka broker and the packaged model server, over gRPC, in
 * namespace {@value #NAMESPACE}, with short retry pauses so failure tests are quick.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "gateway-test";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", NAMESPACE,
                "MODEL_SERVER_PROTOCOL", "grpc",
                "MODEL_SERVER_URL", TestModelServer.shared().grpcTarget(),
                "MODELGATEWAY_RETRY_MAX_ATTEMPTS", "3",
                "MODELGATEWAY_RETRY_INITIAL_BACKOFF", "20ms",
                "MODELGATEWAY_RETRY_MAX_BACKOFF", "100ms",
                "MODELGATEWAY_DRAIN_TIMEOUT", "2s");
    }

    @Override
    public void stop() {
        // The broker and model server are shared by the test JVM; testkit stops them at exit.
    }
}
