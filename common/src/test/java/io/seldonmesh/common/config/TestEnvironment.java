package io.seldonmesh.common.config;

import java.util.HashMap;
import java.util.Map;

/** Environment maps for tests: a bootstrap server, then the given variables as name, value pairs. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    public static Map<String, String> of(String... namesAndValues) {
        return with(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092"), namesAndValues);
    }

    /** {@code environment} with the given variables added or replaced. */
    public static Map<String, String> with(Map<String, String> environment, String... namesAndValues) {
        Map<String, String> copy = new HashMap<>(environment);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            copy.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return copy;
    }

    public static SeldonKafkaSettings settings(String... namesAndValues) {
        return SeldonKafkaSettings.fromEnvironment(of(namesAndValues));
    }
}
