package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka client settings that connect to one listener of a {@link KafkaBroker}. These are the
 * property names a client must use; see the testkit README for the same list in prose.
 */
final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    static Map<String, Object> plaintext(String bootstrapServers) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("security.protocol", "PLAINTEXT");
        return p;
    }

    static Map<String, Object> scram(String bootstrapServers, Path caCertificate, String mechanism,
                                     String username, String password) {
        if (!mechanism.equals("SCRAM-SHA-256") && !mechanism.equals("SCRAM-SHA-512")) {
            throw new IllegalArgumentException("SCRAM mechanism '" + mechanism
                    + "' is not enabled on the broker; use SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        Map<String, Object> p = tls(bootstrapServers, Listener.SCRAM, caCertificate);
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + username + "\" password=\"" + password + "\";");
        return p;
    }

    /** The client key and chain are passed as PEM text, read now: a renewed file is picked up by calling again. */
    static Map<String, Object> mtls(String bootstrapServers, ClientCertificate client) {
        Map<String, Object> p = tls(bootstrapServers, Listener.MTLS, client.caCertificate());
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.certificate.chain", read(client.certificate()));
        p.put("ssl.keystore.key", read(client.privateKey()));
        return p;
    }

    /**
     * Client-credentials login (KIP-1139 style properties, Kafka clients 4.1+). The client JVM also
     * needs the token endpoint in the system property {@value OAuthServer#ALLOWED_URLS_PROPERTY}.
     */
    static Map<String, Object> oauth(String bootstrapServers, Path caCertificate, String tokenEndpoint,
                                     String clientId, String clientSecret) {
        Map<String, Object> p = tls(bootstrapServers, Listener.OAUTH, caCertificate);
        p.put("sasl.mechanism", "OAUTHBEARER");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        p.put("sasl.login.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        p.put("sasl.oauthbearer.token.endpoint.url", tokenEndpoint);
        p.put("sasl.oauthbearer.client.credentials.client.id", clientId);
        p.put("sasl.oauthbearer.client.credentials.client.secret", clientSecret);
        return p;
    }

    private static Map<String, Object> tls(String bootstrapServers, Listener listener, Path caCertificate) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("security.protocol", listener.securityProtocol());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", caCertificate.toString());
        return p;
    }

    private static String read(Path pemFile) {
        try {
            return Files.readString(pemFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pemFile + ": " + e.getMessage(), e);
        }
    }
}
