package io.seldonmesh.common.security;

import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a Seldon Core 2 deployment would give a service for one of the testkit broker's listeners: only
 * Seldon variables and mounted file paths, nothing Kafka-specific.
 */
final class SeldonEnvironment {

    private SeldonEnvironment() {
    }

    static Map<String, String> plaintext(KafkaBroker broker) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT));
        return env;
    }

    static Map<String, String> scram(KafkaBroker broker, String mechanism, String username, Path passwordFile) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.SCRAM));
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", mechanism);
        env.put("KAFKA_CLIENT_SASL_USERNAME", username);
        env.put("KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile.toString());
        env.put("KAFKA_BROKER_TLS_CA_LOCATION", broker.certificates().caCertificate().toString());
        return env;
    }

    static Map<String, String> mtls(KafkaBroker broker, Path key, Path certificate, Path clientCa) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.MTLS));
        env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        env.put("KAFKA_CLIENT_TLS_KEY_LOCATION", key.toString());
        env.put("KAFKA_CLIENT_TLS_CRT_LOCATION", certificate.toString());
        env.put("KAFKA_CLIENT_TLS_CA_LOCATION", clientCa.toString());
        env.put("KAFKA_BROKER_TLS_CA_LOCATION", broker.certificates().caCertificate().toString());
        return env;
    }

    static Map<String, String> oauth(KafkaBroker broker, Path secretDirectory) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.OAUTH));
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        env.put("KAFKA_CLIENT_OAUTH_SECRET_LOCATION", secretDirectory.toString());
        env.put("KAFKA_BROKER_TLS_CA_LOCATION", broker.certificates().caCertificate().toString());
        return env;
    }
}
