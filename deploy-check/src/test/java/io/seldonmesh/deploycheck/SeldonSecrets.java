package io.seldonmesh.deploycheck;

import static io.seldonmesh.common.config.SeldonKafkaSettings.KAFKA_BROKER_TLS_CA_LOCATION;
import static io.seldonmesh.common.config.SeldonKafkaSettings.KAFKA_CLIENT_OAUTH_SECRET_LOCATION;
import static io.seldonmesh.common.config.SeldonKafkaSettings.KAFKA_CLIENT_SASL_PASSWORD_LOCATION;
import static io.seldonmesh.common.config.SeldonKafkaSettings.KAFKA_CLIENT_TLS_CA_LOCATION;
import static io.seldonmesh.common.config.SeldonKafkaSettings.KAFKA_CLIENT_TLS_CRT_LOCATION;
import static io.seldonmesh.common.config.SeldonKafkaSettings.KAFKA_CLIENT_TLS_KEY_LOCATION;

import io.seldonmesh.common.config.OAuthSecret;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seldon Core 2's Kafka credential Secrets and their keys (the names Seldon's documentation gives, the ones
 * secret-sync copies), and which key each {@code *_LOCATION} variable of common's SeldonKafkaSettings must point
 * at. A new location variable in common fails {@link #locationVariablesWithoutAKey()} until it is added here.
 */
final class SeldonSecrets {

    static final String SASL = "kafka-sasl-secret";
    static final String CLIENT_TLS = "kafka-client-tls";
    static final String BROKER_TLS = "kafka-broker-tls";
    static final String OAUTH = "kafka-oauth";

    static final Map<String, List<String>> KEYS = Map.of(
            SASL, List.of("password"),
            CLIENT_TLS, List.of("tls.key", "tls.crt", "ca.crt"),
            BROKER_TLS, List.of("ca.crt"),
            OAUTH, OAuthSecret.KEYS);

    /** The Secret key a location variable's file must be; absent for the OAuth directory (all of its keys). */
    record Location(String secret, Optional<String> key) {
    }

    static final Map<String, Location> LOCATIONS = Map.of(
            KAFKA_CLIENT_SASL_PASSWORD_LOCATION, new Location(SASL, Optional.of("password")),
            KAFKA_CLIENT_TLS_KEY_LOCATION, new Location(CLIENT_TLS, Optional.of("tls.key")),
            KAFKA_CLIENT_TLS_CRT_LOCATION, new Location(CLIENT_TLS, Optional.of("tls.crt")),
            KAFKA_CLIENT_TLS_CA_LOCATION, new Location(CLIENT_TLS, Optional.of("ca.crt")),
            KAFKA_BROKER_TLS_CA_LOCATION, new Location(BROKER_TLS, Optional.of("ca.crt")),
            KAFKA_CLIENT_OAUTH_SECRET_LOCATION, new Location(OAUTH, Optional.empty()));

    private SeldonSecrets() {
    }

    /** What is wrong with taking this key of this Secret, if anything. */
    static Optional<String> problemWithKey(String secret, String key) {
        List<String> keys = KEYS.get(secret);
        if (keys == null) {
            return Optional.of("Secret " + secret + ", which is none of Seldon's Kafka credential Secrets " + KEYS.keySet());
        }
        return keys.contains(key) ? Optional.empty()
                : Optional.of("key " + key + " of Secret " + secret + ", which Seldon never writes (its keys: " + keys + ")");
    }

    /** Every variable of SeldonKafkaSettings. */
    static Set<String> kafkaVariables() {
        return SeldonKafkaSettings.variableNames();
    }

    static Set<String> locationVariablesWithoutAKey() {
        Set<String> missing = new TreeSet<>();
        kafkaVariables().stream().filter(name -> name.endsWith("_LOCATION") && !LOCATIONS.containsKey(name)).forEach(missing::add);
        return missing;
    }
}
