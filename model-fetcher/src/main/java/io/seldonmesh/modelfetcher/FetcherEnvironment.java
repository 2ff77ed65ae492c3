package io.seldonmesh.modelfetcher;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

/**
 * The variables common's Kafka settings are read from: the process environment, plus any
 * variable-shaped name ({@code KAFKA_BOOTSTRAP_SERVERS}) in Quarkus configuration, so that a
 * {@code -D} property, a {@code .env} file or a test can set them too. Dotted names are not taken:
 * Quarkus derives {@code kafka.bootstrap.servers} from the variable itself.
 */
final class FetcherEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private FetcherEnvironment() {
    }

    static Map<String, String> variables(Config config) {
        Map<String, String> variables = new HashMap<>(System.getenv());
        for (String name : config.getPropertyNames()) {
            if (VARIABLE.matcher(name).matches()) {
                config.getOptionalValue(name, String.class).ifPresent(value -> variables.put(name, value));
            }
        }
        return variables;
    }
}
