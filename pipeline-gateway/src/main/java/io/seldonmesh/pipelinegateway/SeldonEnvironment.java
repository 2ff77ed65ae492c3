package io.seldonmesh.pipelinegateway;

import io.smallrye.config.EnvConfigSource;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The environment common's Kafka settings are read from: Seldon's variables ({@code KAFKA_*},
 * {@code SELDON_*}) and the {@code kafka.*} passthrough, taken from the MicroProfile Config sources so that
 * the process environment (production) and test configuration (a broker started by the test) arrive the
 * same way.
 *
 * <p>SmallRye's environment source also lists {@code KAFKA_BOOTSTRAP_SERVERS} under the dotted name it
 * spells, {@code kafka.bootstrap.servers}, which common would rightly refuse as a second source of the
 * setting; from that source only the variables really set are taken.
 */
final class SeldonEnvironment {

    private SeldonEnvironment() {
    }

    static Map<String, String> from(Config config) {
        Map<String, String> environment = new TreeMap<>();
        Map<String, String> process = System.getenv();
        // getConfigSources() is ordered by ordinal, highest first: the first value seen wins
        for (ConfigSource source : config.getConfigSources()) {
            boolean fromProcess = source instanceof EnvConfigSource;
            for (String name : source.getPropertyNames()) {
                boolean seldon = name.startsWith("KAFKA_") || name.startsWith("SELDON_") || name.startsWith("kafka.");
                if (seldon && (!fromProcess || process.containsKey(name))) {
                    String value = source.getValue(name);
                    if (value != null) {
                        environment.putIfAbsent(name, value);
                    }
                }
            }
        }
        return environment;
    }
}
