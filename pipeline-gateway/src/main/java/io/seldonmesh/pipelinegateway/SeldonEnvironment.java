package io.seldonmesh.pipelinegateway;

import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * The environment common's Kafka settings are read from: Seldon's variables ({@code KAFKA_*},
 * {@code SELDON_*}) and the {@code kafka.*} passthrough, taken from MicroProfile Config so that the process
 * environment (production) and test configuration (a broker started by the test) arrive the same way.
 */
final class SeldonEnvironment {

    private SeldonEnvironment() {
    }

    static Map<String, String> from(Config config) {
        Map<String, String> environment = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("KAFKA_") || name.startsWith("SELDON_") || name.startsWith("kafka.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> environment.put(name, value));
            }
        }
        return environment;
    }
}
