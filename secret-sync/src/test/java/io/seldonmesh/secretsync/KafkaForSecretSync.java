package io.seldonmesh.secretsync;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared testkit broker (PLAINTEXT for secret-sync's own events; its OAUTH listener accepts tokens of the
 * shared OAuth server) and settings that make every timer of secret-sync fast enough for a test.
 */
public class KafkaForSecretSync implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = SharedServers.kafka();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT));
        config.put("SELDON_TOPIC_PREFIX", "seldon");
        config.put("SELDON_NAMESPACE", "seldon-mesh");
        config.put("SECRET_SYNC_SOURCE_NAMESPACE", "seldon-mesh");
        config.put("SECRET_SYNC_TARGET_NAMESPACES", "seldon-logs");
        config.put("SECRET_SYNC_TARGET_SELECTOR", "seldon.io/runtime=true");
        config.put("SECRET_SYNC_RESYNC_INTERVAL", "2s");
        config.put("SECRET_SYNC_TOKEN_SAFETY_MARGIN", "500ms");
        config.put("SECRET_SYNC_TOKEN_RETRY_INITIAL", "200ms");
        config.put("SECRET_SYNC_TOKEN_RETRY_MAX", "1s");
        config.put("SECRET_SYNC_TOKEN_REQUEST_TIMEOUT", "2s");
        return config;
    }

    @Override
    public void stop() {
        // the shared broker stops at JVM exit
    }
}
