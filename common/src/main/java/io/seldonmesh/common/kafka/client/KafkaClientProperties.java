package io.seldonmesh.common.kafka.client;

import io.seldonmesh.common.config.ClientPassthrough;
import io.seldonmesh.common.config.OAuthSecret;
import io.seldonmesh.common.config.PasswordCredentials;
import io.seldonmesh.common.config.SaslMechanism;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.TlsSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * {@link SeldonKafkaSettings} as Kafka client properties: how each security protocol maps to Kafka's own settings,
 * readable top to bottom, one method per protocol and mechanism. The four client types get identical connection and
 * security properties from {@link #connection()}; they differ only in their defaults and size limits.
 *
 * <p>Precedence, lowest first: Seldon's client defaults, the size limits from {@code KAFKA_MESSAGE_MAX_BYTES}, the
 * connection and security properties, the caller's overrides (group id, serdes, client id), then the operator's
 * passthrough ({@code kafka.*}, then {@code kafka.<client>.*}), so an operator can tune any client without a rebuild.
 */
public final class KafkaClientProperties {

    private final SeldonKafkaSettings settings;

    public KafkaClientProperties(SeldonKafkaSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    public Map<String, Object> consumer(Map<String, ?> overrides) {
        return inPrecedenceOrder(SeldonKafkaSettings.CONSUMER_DEFAULTS, consumerSizeLimits(), overrides, settings.passthrough().consumer());
    }

    public Map<String, Object> producer(Map<String, ?> overrides) {
        return inPrecedenceOrder(SeldonKafkaSettings.PRODUCER_DEFAULTS, producerSizeLimits(), overrides, settings.passthrough().producer());
    }

    public Map<String, Object> admin(Map<String, ?> overrides) {
        return inPrecedenceOrder(Map.of(), Map.of(), overrides, settings.passthrough().admin());
    }

    /**
     * Kafka Streams properties: the shared connection at the top level (Streams hands it to its embedded clients),
     * consumer and producer defaults under Streams' {@code consumer.} and {@code producer.} prefixes, and the
     * application id, which is also the consumer group id, prefixed with {@code SELDON_CONSUMER_GROUP_ID_PREFIX}.
     */
    public Map<String, Object> streams(String applicationId, Map<String, ?> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.putAll(prefixed("consumer.", SeldonKafkaSettings.CONSUMER_DEFAULTS));
        properties.putAll(prefixed("consumer.", consumerSizeLimits()));
        properties.putAll(prefixed("producer.", SeldonKafkaSettings.PRODUCER_DEFAULTS));
        properties.putAll(prefixed("producer.", producerSizeLimits()));
        properties.putAll(connection());
        properties.put("application.id", settings.consumerGroupId(applicationId));
        properties.putAll(overrides);
        ClientPassthrough passthrough = settings.passthrough();
        properties.putAll(passthrough.all());
        properties.putAll(prefixed("consumer.", passthrough.consumer()));
        properties.putAll(prefixed("producer.", passthrough.producer()));
        properties.putAll(prefixed("admin.", passthrough.admin()));
        properties.putAll(passthrough.streams());
        return properties;
    }

    /** What every client type shares: where the brokers are and how to authenticate to them. */
    public Map<String, Object> connection() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", settings.bootstrapServers());
        properties.putAll(switch (settings.securityProtocol()) {
            case PLAINTEXT -> plaintext();
            case SSL -> ssl();
            case SASL_PLAINTEXT -> saslPlaintext();
            case SASL_SSL -> saslSsl();
        });
        return properties;
    }

    private Map<String, Object> plaintext() {
        return Map.of("security.protocol", "PLAINTEXT");
    }

    /** TLS, with a client certificate (mutual TLS) when key and certificate are mounted. */
    private Map<String, Object> ssl() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SSL");
        properties.putAll(tls(settings.tls().orElseThrow()));
        return properties;
    }

    /** SASL over plain TCP: credentials travel unencrypted (PLAIN) or hashed (SCRAM); for trusted networks only. */
    private Map<String, Object> saslPlaintext() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.putAll(sasl());
        return properties;
    }

    /** SASL inside TLS: what managed Kafka (MSK SCRAM, Confluent Cloud PLAIN or OAuth, Event Hubs) uses. */
    private Map<String, Object> saslSsl() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.putAll(tls(settings.tls().orElseThrow()));
        properties.putAll(sasl());
        return properties;
    }

    /**
     * With mounted PEM files, the reloading engine factory builds the SSL context from them (and again whenever
     * they change). With none, Kafka's default engine verifies the broker against the JVM's CAs, which is right for
     * brokers with publicly signed certificates (Confluent Cloud, Event Hubs).
     */
    private Map<String, Object> tls(TlsSettings tls) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, tls.endpointIdentificationAlgorithm());
        if (tls.hasFiles()) {
            properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, ReloadingPemSslEngineFactory.class);
            tls.clientKey().ifPresent(file -> properties.put(ReloadingPemSslEngineFactory.KEY_LOCATION, file.toString()));
            tls.clientCertificate().ifPresent(file -> properties.put(ReloadingPemSslEngineFactory.CERTIFICATE_LOCATION, file.toString()));
            tls.clientCa().ifPresent(file -> properties.put(ReloadingPemSslEngineFactory.CLIENT_CA_LOCATION, file.toString()));
            tls.brokerCa().ifPresent(file -> properties.put(ReloadingPemSslEngineFactory.BROKER_CA_LOCATION, file.toString()));
        }
        return properties;
    }

    private Map<String, Object> sasl() {
        SaslMechanism mechanism = settings.saslMechanism().orElseThrow();
        return switch (mechanism) {
            case PLAIN -> password(mechanism, PlainLoginModule.class, settings.passwordCredentials().orElseThrow());
            case SCRAM_SHA_256, SCRAM_SHA_512 -> password(mechanism, ScramLoginModule.class, settings.passwordCredentials().orElseThrow());
            case OAUTHBEARER -> oauthBearer(settings.oauthSecret().orElseThrow());
        };
    }

    /**
     * PLAIN and SCRAM: the JAAS entry carries only the user name; the password is read from the mounted file at each
     * authentication by {@link PasswordFileCallbackHandler}, so it never sits in these properties and a rotated
     * password needs no restart.
     */
    private Map<String, Object> password(SaslMechanism mechanism, Class<?> loginModule, PasswordCredentials credentials) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(SaslConfigs.SASL_MECHANISM, mechanism.kafkaName());
        properties.put(SaslConfigs.SASL_JAAS_CONFIG,
                loginModule.getName() + " required username=" + jaasQuoted(credentials.username()) + ";");
        properties.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, PasswordFileCallbackHandler.class);
        properties.put(PasswordFileCallbackHandler.PASSWORD_LOCATION, credentials.passwordFile().toString());
        return properties;
    }

    /**
     * OAUTHBEARER with the client-credentials grant, by Kafka's built-in login callback handler. Its token retriever
     * is {@link OAuthSecretJwtRetriever}, which re-reads the mounted secret at each token fetch; the endpoint, client
     * id and scope below are the values at start-up, for whoever reads these properties (the client secret is never
     * put here). The JAAS entry names the secret directory for the retriever, and Seldon's {@code extensions} become
     * its {@code extension_<key>} options, which the login module sends to the broker (Confluent Cloud's
     * {@code logicalCluster} and {@code identityPoolId}).
     */
    private Map<String, Object> oauthBearer(OAuthSecret secret) {
        // Kafka 4 calls only token endpoints listed in a JVM property; the URL comes from the operator's secret.
        OAuthAllowedUrls.allow(secret.tokenEndpointUrl());
        StringBuilder jaas = new StringBuilder(OAuthBearerLoginModule.class.getName()).append(" required ")
                .append(OAuthSecretJwtRetriever.SECRET_LOCATION_OPTION).append('=').append(jaasQuoted(secret.directory().toString()));
        secret.extensions().forEach((key, value) -> jaas.append(" extension_").append(key).append('=').append(jaasQuoted(value)));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(SaslConfigs.SASL_MECHANISM, SaslMechanism.OAUTHBEARER.kafkaName());
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaas.append(';').toString());
        properties.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAuthBearerLoginCallbackHandler.class);
        properties.put(SaslConfigs.SASL_OAUTHBEARER_JWT_RETRIEVER_CLASS, OAuthSecretJwtRetriever.class);
        properties.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, secret.tokenEndpointUrl());
        properties.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_ID, secret.clientId());
        secret.scope().ifPresent(scope -> properties.put(SaslConfigs.SASL_OAUTHBEARER_SCOPE, scope));
        return properties;
    }

    /** The precedence described on this class, lowest first; later entries replace earlier ones. */
    private Map<String, Object> inPrecedenceOrder(Map<String, ?> defaults, Map<String, ?> sizeLimits, Map<String, ?> overrides,
                                                  Map<String, String> clientPassthrough) {
        Map<String, Object> properties = new LinkedHashMap<>(defaults);
        properties.putAll(sizeLimits);
        properties.putAll(connection());
        properties.putAll(overrides);
        properties.putAll(settings.passthrough().all());
        properties.putAll(clientPassthrough);
        return properties;
    }

    /** Seldon's one size limit applied to everything a consumer fetches. */
    private Map<String, Object> consumerSizeLimits() {
        return Map.of(
                "max.partition.fetch.bytes", settings.messageMaxBytes(),
                "fetch.max.bytes", settings.messageMaxBytes());
    }

    /** Seldon's one size limit applied to what a producer sends in one request. */
    private Map<String, Object> producerSizeLimits() {
        return Map.of("max.request.size", settings.messageMaxBytes());
    }

    private static Map<String, Object> prefixed(String prefix, Map<String, ?> properties) {
        Map<String, Object> result = new LinkedHashMap<>();
        properties.forEach((key, value) -> result.put(prefix + key, value));
        return result;
    }

    private static String jaasQuoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
