package io.seldonmesh.modelgateway;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The variables common's Kafka settings are read from: the process environment, plus any variable-shaped name
 * ({@code KAFKA_BOOTSTRAP_SERVERS}) that Quarkus configuration holds, so a {@code -D} system property, a
 * {@code .env} file or a test's configuration can set them too. Dotted passthrough names ({@code kafka.*}) come
 * from the environment only: Quarkus derives such names from the variables themselves
 * ({@code KAFKA_BOOTSTRAP_SERVERS} also appears as {@code kafka.bootstrap.servers}), which must not pass through.
 */
final class GatewayEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private GatewayEnvironment() {
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
