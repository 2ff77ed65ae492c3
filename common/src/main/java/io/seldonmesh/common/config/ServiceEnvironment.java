package io.seldonmesh.common.config;

import io.smallrye.config.EnvConfigSource;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The variables a Quarkus service reads its settings from ({@link SeldonKafkaSettings} and its own
 * {@code UPPER_CASE} settings), taken from the MicroProfile Config sources so that the process
 * environment (production) and test configuration (a broker a test started) arrive the same way.
 * Higher-ordinal sources win, as in Quarkus itself.
 * <p>
 * SmallRye's environment source also answers for the dotted spelling of a variable
 * ({@code KAFKA_BOOTSTRAP_SERVERS} as {@code kafka.bootstrap.servers}), which the {@code kafka.*}
 * passthrough would rightly refuse as a second source of the setting: from that source only the
 * variables really set in the process are taken.
 */
public final class ServiceEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private ServiceEnvironment() {
    }

    public static Map<String, String> from(Config config) {
        Map<String, String> environment = new TreeMap<>();
        Map<String, String> process = System.getenv();
        // getConfigSources() is ordered by ordinal, highest first: the first value seen wins
        for (ConfigSource source : config.getConfigSources()) {
            boolean fromProcess = source instanceof EnvConfigSource;
            for (String name : source.getPropertyNames()) {
                boolean wanted = VARIABLE.matcher(name).matches() || name.startsWith("kafka.");
                if (wanted && (!fromProcess || process.containsKey(name))) {
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
