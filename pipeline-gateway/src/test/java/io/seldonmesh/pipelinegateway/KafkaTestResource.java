package io.seldonmesh.pipelinegateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway under test talks to the shared real Kafka broker, in a namespace of its own so its topics never
 * meet another test's. Two partitions, so requests are spread; small limits, so 413 and 429 are reachable.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int MESSAGE_MAX_BYTES = 65_536;
    public static final int MAX_PENDING = 4;

    @Override
    public Map<String, String> start() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", "pgw-" + UUID.randomUUID().toString().substring(0, 8),
                "KAFKA_TOPICS_NUM_PARTITIONS", "2",
                "KAFKA_MESSAGE_MAX_BYTES", Integer.toString(MESSAGE_MAX_BYTES),
                "SELDON_GATEWAY_MAX_PENDING", Integer.toString(MAX_PENDING));
    }

    @Override
    public void stop() {
        // the shared broker outlives the test classes; testkit stops it at JVM exit
    }
}
