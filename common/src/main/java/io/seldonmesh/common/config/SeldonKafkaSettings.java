package io.seldonmesh.common.config;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Every Kafka setting of a Seldon Mesh service, read from Seldon Core 2's environment variables in one place,
 * validated once, immutable afterwards. Build it with {@link #fromEnvironment(Map)} ({@code System.getenv()} in
 * production, a plain map in tests); {@code io.seldonmesh.common.kafka.client.KafkaClientProperties} turns it into
 * Kafka client properties.
 *
 * <p>Each variable below is read exactly once, in {@link #fromEnvironment(Map)}, top to bottom. A blank value counts
 * as unset. Any wrong or missing value throws {@link InvalidSettingException} with one line naming the variable, the
 * value seen and what is expected.
 */
public final class SeldonKafkaSettings {

    /** Comma-separated {@code host:port} list. Required: there is no broker a default could name correctly. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    /** First part of every topic name ({@code <prefix>.<namespace>.model.<m>.inputs}). Seldon's default {@code seldon}. */
    public static final String SELDON_TOPIC_PREFIX = "SELDON_TOPIC_PREFIX";
    /** Second part of every topic name: the Kubernetes namespace of the Seldon runtime. Default {@code default}. */
    public static final String SELDON_NAMESPACE = "SELDON_NAMESPACE";
    /** Put in front of every consumer group id and Streams application id, to share a cluster. Default: none. */
    public static final String SELDON_CONSUMER_GROUP_ID_PREFIX = "SELDON_CONSUMER_GROUP_ID_PREFIX";
    /** Replication factor of the topics this system creates. Seldon's default 1; managed Kafka needs 3. */
    public static final String KAFKA_TOPICS_REPLICATION_FACTOR = "KAFKA_TOPICS_REPLICATION_FACTOR";
    /** Partitions of the topics this system creates. Seldon's default 1. */
    public static final String KAFKA_TOPICS_NUM_PARTITIONS = "KAFKA_TOPICS_NUM_PARTITIONS";
    /**
     * Most topics the Kafka service allows (Azure Event Hubs Standard: 10 per namespace); the doctor warns before it
     * is reached. Default 0: no quota.
     */
    public static final String KAFKA_TOPICS_QUOTA = "KAFKA_TOPICS_QUOTA";
    /** Largest record the clients send or fetch. Seldon's default 1000000000 (the broker's own limit still applies). */
    public static final String KAFKA_MESSAGE_MAX_BYTES = "KAFKA_MESSAGE_MAX_BYTES";
    /** PLAINTEXT, SSL, SASL_SSL or SASL_PLAINTEXT. Default PLAINTEXT. */
    public static final String KAFKA_SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    /** PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER; used with SASL_* only. Seldon's default SCRAM-SHA-512. */
    public static final String KAFKA_SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    /** SASL user for PLAIN and SCRAM. Seldon's default {@code seldon}. */
    public static final String KAFKA_CLIENT_SASL_USERNAME = "KAFKA_CLIENT_SASL_USERNAME";
    /** File holding the SASL password (the {@code password} key of the mounted secret). */
    public static final String KAFKA_CLIENT_SASL_PASSWORD_LOCATION = "KAFKA_CLIENT_SASL_PASSWORD_LOCATION";
    /** Client private key, PEM ({@code tls.key}), for mutual TLS. */
    public static final String KAFKA_CLIENT_TLS_KEY_LOCATION = "KAFKA_CLIENT_TLS_KEY_LOCATION";
    /** Client certificate, PEM ({@code tls.crt}), for mutual TLS. */
    public static final String KAFKA_CLIENT_TLS_CRT_LOCATION = "KAFKA_CLIENT_TLS_CRT_LOCATION";
    /** Chain of the client certificate, PEM ({@code ca.crt} of the client secret). */
    public static final String KAFKA_CLIENT_TLS_CA_LOCATION = "KAFKA_CLIENT_TLS_CA_LOCATION";
    /** CAs that verify the brokers, PEM ({@code ca.crt} of the broker validation secret). Default: the JVM's. */
    public static final String KAFKA_BROKER_TLS_CA_LOCATION = "KAFKA_BROKER_TLS_CA_LOCATION";
    /** {@code https} (default) checks the broker's host name against its certificate; {@code none} does not. */
    public static final String KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM = "KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM";
    /**
     * Directory where Seldon's OAuth secret is mounted (files {@code method}, {@code client_id}, {@code client_secret},
     * {@code token_endpoint_url}, {@code extensions}, {@code scope}). Seldon Core 2 itself reads that secret through
     * the Kubernetes API ({@code KAFKA_CLIENT_SASL_SECRET_NAME}); a mounted volume needs no API access and can be
     * reloaded, hence this variable.
     */
    public static final String KAFKA_CLIENT_OAUTH_SECRET_LOCATION = "KAFKA_CLIENT_OAUTH_SECRET_LOCATION";
    /** {@code true} makes the JVM use IPv4 only, for pod networks that cannot route the AAAA answers of the brokers. */
    public static final String KAFKA_PREFER_IPV4 = "KAFKA_PREFER_IPV4";

    public static final String DEFAULT_TOPIC_PREFIX = "seldon";
    public static final String DEFAULT_NAMESPACE = "default";
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final int DEFAULT_NUM_PARTITIONS = 1;
    public static final int DEFAULT_MESSAGE_MAX_BYTES = 1_000_000_000;
    public static final String DEFAULT_SASL_MECHANISM = SaslMechanism.SCRAM_SHA_512.kafkaName();
    public static final String DEFAULT_SASL_USERNAME = "seldon";

    /**
     * Seldon Core 2's consumer defaults (helm chart {@code kafka.consumer}), kept because pipelines depend on them:
     * a 6 s session so a dead gateway's partitions move quickly, and {@code earliest} so a new consumer group does
     * not skip requests written before it joined. The heartbeat is a third of the session, as Kafka advises.
     * Seldon's {@code topicMetadataRefreshIntervalMs}/{@code topicMetadataPropagationMaxMs} are librdkafka-only.
     */
    public static final Map<String, Object> CONSUMER_DEFAULTS = Map.of(
            "session.timeout.ms", 6000,
            "heartbeat.interval.ms", 2000,
            "auto.offset.reset", "earliest");
    /**
     * Seldon Core 2's producer default {@code lingerMs: 0}: an inference request is sent at once. Kafka 4 changed the
     * client default to 5 ms, which would add 5 ms to every pipeline step.
     */
    public static final Map<String, Object> PRODUCER_DEFAULTS = Map.of("linger.ms", 0);

    // Kafka's legal topic characters; a dot is Seldon's separator (the prefix may still contain one).
    private static final Pattern TOPIC_PART = Pattern.compile("^[A-Za-z0-9._-]+$");
    // A Kubernetes namespace name (RFC 1123 label), which also is a legal topic part.
    private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})$");
    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT");

    private final String bootstrapServers;
    private final String topicPrefix;
    private final String namespace;
    private final String consumerGroupIdPrefix;
    private final int topicReplicationFactor;
    private final int topicPartitions;
    private final int topicsQuota;
    private final int messageMaxBytes;
    private final SecurityProtocol securityProtocol;
    private final Optional<SaslMechanism> saslMechanism;
    private final Optional<PasswordCredentials> passwordCredentials;
    private final Optional<OAuthSecret> oauthSecret;
    private final Optional<TlsSettings> tls;
    private final boolean preferIpv4;
    private final ClientPassthrough passthrough;

    private SeldonKafkaSettings(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topicPrefix = b.topicPrefix;
        this.namespace = b.namespace;
        this.consumerGroupIdPrefix = b.consumerGroupIdPrefix;
        this.topicReplicationFactor = b.topicReplicationFactor;
        this.topicPartitions = b.topicPartitions;
        this.topicsQuota = b.topicsQuota;
        this.messageMaxBytes = b.messageMaxBytes;
        this.securityProtocol = b.securityProtocol;
        this.saslMechanism = b.saslMechanism;
        this.passwordCredentials = b.passwordCredentials;
        this.oauthSecret = b.oauthSecret;
        this.tls = b.tls;
        this.preferIpv4 = b.preferIpv4;
        this.passthrough = b.passthrough;
    }

    /**
     * The names of every variable read here (this class's {@code KAFKA_*} and {@code SELDON_*} constants), for
     * checks that a manifest or a document names only variables that exist.
     */
    public static SortedSet<String> variableNames() {
        SortedSet<String> names = new TreeSet<>();
        for (Field field : SeldonKafkaSettings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && field.getName().matches("(KAFKA|SELDON)_[A-Z0-9_]+")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    /** Settings from this process's environment. */
    public static SeldonKafkaSettings fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads and validates every variable; throws {@link InvalidSettingException} on the first wrong one. */
    public static SeldonKafkaSettings fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        Builder b = new Builder();

        b.bootstrapServers = bootstrapServers(env);
        b.topicPrefix = env.matching(SELDON_TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX, TOPIC_PART,
                "a topic name part: letters, digits, '.', '_' or '-' (e.g. seldon)");
        b.namespace = env.matching(SELDON_NAMESPACE, DEFAULT_NAMESPACE, NAMESPACE,
                "a Kubernetes namespace name: lower-case letters, digits and '-', at most 63 characters");
        b.consumerGroupIdPrefix = env.text(SELDON_CONSUMER_GROUP_ID_PREFIX, "");
        if (!b.consumerGroupIdPrefix.isEmpty() && !TOPIC_PART.matcher(b.consumerGroupIdPrefix).matches()) {
            throw Environment.invalid(SELDON_CONSUMER_GROUP_ID_PREFIX, b.consumerGroupIdPrefix,
                    "letters, digits, '.', '_' or '-' (so prefixed ACLs can match it)");
        }
        b.topicReplicationFactor = env.integer(KAFKA_TOPICS_REPLICATION_FACTOR, DEFAULT_REPLICATION_FACTOR, 1);
        if (b.topicReplicationFactor > Short.MAX_VALUE) {
            throw Environment.invalid(KAFKA_TOPICS_REPLICATION_FACTOR, String.valueOf(b.topicReplicationFactor),
                    "a replication factor Kafka accepts (at most " + Short.MAX_VALUE + ")");
        }
        b.topicPartitions = env.integer(KAFKA_TOPICS_NUM_PARTITIONS, DEFAULT_NUM_PARTITIONS, 1);
        b.topicsQuota = env.integer(KAFKA_TOPICS_QUOTA, 0, 0);
        b.messageMaxBytes = env.integer(KAFKA_MESSAGE_MAX_BYTES, DEFAULT_MESSAGE_MAX_BYTES, 1);

        b.securityProtocol = SecurityProtocol.forName(env.oneOf(KAFKA_SECURITY_PROTOCOL, "PLAINTEXT", PROTOCOLS));
        // Validated whatever the protocol: Seldon's chart always sets it, and a typo should not wait for SASL to bite.
        SaslMechanism mechanism = SaslMechanism.fromKafkaName(
                env.oneOf(KAFKA_SASL_MECHANISM, DEFAULT_SASL_MECHANISM, SaslMechanism.kafkaNames()));
        boolean sasl = b.securityProtocol == SecurityProtocol.SASL_SSL || b.securityProtocol == SecurityProtocol.SASL_PLAINTEXT;
        boolean tls = b.securityProtocol == SecurityProtocol.SSL || b.securityProtocol == SecurityProtocol.SASL_SSL;
        String saslCondition = KAFKA_SECURITY_PROTOCOL + "=" + b.securityProtocol.name + " and " + KAFKA_SASL_MECHANISM + "=" + mechanism.kafkaName();
        b.saslMechanism = sasl ? Optional.of(mechanism) : Optional.empty();
        b.passwordCredentials = sasl && mechanism.usesPassword()
                ? Optional.of(new PasswordCredentials(
                        env.text(KAFKA_CLIENT_SASL_USERNAME, DEFAULT_SASL_USERNAME),
                        env.readableFile(KAFKA_CLIENT_SASL_PASSWORD_LOCATION, saslCondition)))
                : Optional.empty();
        b.oauthSecret = sasl && mechanism == SaslMechanism.OAUTHBEARER
                ? Optional.of(OAuthSecret.read(KAFKA_CLIENT_OAUTH_SECRET_LOCATION,
                        env.requiredLocation(KAFKA_CLIENT_OAUTH_SECRET_LOCATION, saslCondition)))
                : Optional.empty();
        b.tls = tls ? Optional.of(tlsSettings(env, b.securityProtocol)) : Optional.empty();

        b.preferIpv4 = env.bool(KAFKA_PREFER_IPV4, false);
        b.passthrough = ClientPassthrough.from(env.all());
        return new SeldonKafkaSettings(b);
    }

    /**
     * Applies the JVM-wide network choices of the environment. Call it first thing in {@code main}: the JVM reads
     * {@code java.net.preferIPv4Stack} once, when networking is first used, so setting it after any socket or DNS
     * lookup has no effect. Where that cannot be guaranteed (a Quarkus application opens its HTTP port first), pass
     * {@code -Djava.net.preferIPv4Stack=true} in {@code JAVA_OPTS} instead.
     */
    public static void applyJvmNetworkSettings(Map<String, String> variables) {
        if (new Environment(variables).bool(KAFKA_PREFER_IPV4, false)) {
            System.setProperty("java.net.preferIPv4Stack", "true");
        }
    }

    /** {@link #applyJvmNetworkSettings(Map)} with this process's environment. */
    public static void applyJvmNetworkSettings() {
        applyJvmNetworkSettings(System.getenv());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    public String namespace() {
        return namespace;
    }

    public String consumerGroupIdPrefix() {
        return consumerGroupIdPrefix;
    }

    /** A consumer group id (or Streams application id) with {@code SELDON_CONSUMER_GROUP_ID_PREFIX} in front. */
    public String consumerGroupId(String name) {
        return consumerGroupIdPrefix.isEmpty() ? name : consumerGroupIdPrefix + "-" + name;
    }

    public int topicReplicationFactor() {
        return topicReplicationFactor;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    /** Most topics the Kafka service allows; 0 when it sets no quota. */
    public int topicsQuota() {
        return topicsQuota;
    }

    public int messageMaxBytes() {
        return messageMaxBytes;
    }

    public SecurityProtocol securityProtocol() {
        return securityProtocol;
    }

    /** Present when the protocol is SASL_SSL or SASL_PLAINTEXT. */
    public Optional<SaslMechanism> saslMechanism() {
        return saslMechanism;
    }

    /** Present with SASL PLAIN or SCRAM. */
    public Optional<PasswordCredentials> passwordCredentials() {
        return passwordCredentials;
    }

    /** Present with SASL OAUTHBEARER: the secret as read at start-up (token fetches re-read the directory). */
    public Optional<OAuthSecret> oauthSecret() {
        return oauthSecret;
    }

    /** Present when the protocol is SSL or SASL_SSL. */
    public Optional<TlsSettings> tls() {
        return tls;
    }

    public boolean preferIpv4() {
        return preferIpv4;
    }

    public ClientPassthrough passthrough() {
        return passthrough;
    }

    @Override
    public String toString() {
        return "SeldonKafkaSettings[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", namespace=" + namespace + ", consumerGroupIdPrefix=" + consumerGroupIdPrefix
                + ", replicationFactor=" + topicReplicationFactor + ", partitions=" + topicPartitions
                + ", messageMaxBytes=" + messageMaxBytes + ", securityProtocol=" + securityProtocol
                + ", saslMechanism=" + saslMechanism.map(SaslMechanism::kafkaName).orElse("-")
                + ", password=" + passwordCredentials.map(Object::toString).orElse("-")
                + ", oauth=" + oauthSecret.map(Object::toString).orElse("-")
                + ", tls=" + tls.map(Object::toString).orElse("-") + ", preferIpv4=" + preferIpv4
                + ", passthrough=" + passthrough + "]";
    }

    private static String bootstrapServers(Environment env) {
        String expected = "a comma-separated list of host:port (e.g. seldon-kafka-bootstrap.seldon-mesh:9092)";
        String value = env.required(KAFKA_BOOTSTRAP_SERVERS, expected);
        for (String server : value.split(",")) {
            var matcher = HOST_PORT.matcher(server.trim());
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
                throw Environment.invalid(KAFKA_BOOTSTRAP_SERVERS, value, expected + ": '" + server.trim() + "' is not host:port");
            }
        }
        return Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.joining(","));
    }

    private static TlsSettings tlsSettings(Environment env, SecurityProtocol protocol) {
        Optional<Path> key = env.optional(KAFKA_CLIENT_TLS_KEY_LOCATION).map(Path::of);
        Optional<Path> certificate = env.optional(KAFKA_CLIENT_TLS_CRT_LOCATION).map(Path::of);
        if (key.isPresent() != certificate.isPresent()) {
            String missing = key.isPresent() ? KAFKA_CLIENT_TLS_CRT_LOCATION : KAFKA_CLIENT_TLS_KEY_LOCATION;
            String present = key.isPresent() ? KAFKA_CLIENT_TLS_KEY_LOCATION : KAFKA_CLIENT_TLS_CRT_LOCATION;
            throw new InvalidSettingException(missing + " is required when " + present + " is set ("
                    + KAFKA_SECURITY_PROTOCOL + "=" + protocol.name + "): mutual TLS needs both the key and the certificate");
        }
        Optional<Path> clientCa = key.isPresent()
                ? env.optional(KAFKA_CLIENT_TLS_CA_LOCATION).map(Path::of)
                : Optional.empty();
        Optional<Path> brokerCa = env.optional(KAFKA_BROKER_TLS_CA_LOCATION).map(Path::of);
        if (key.isPresent()) {
            PrivateKey privateKey = PemFile.privateKey(KAFKA_CLIENT_TLS_KEY_LOCATION, key.get().toString(),
                    readFile(KAFKA_CLIENT_TLS_KEY_LOCATION, key.get()));
            X509Certificate leaf = certificates(KAFKA_CLIENT_TLS_CRT_LOCATION, certificate.get()).get(0);
            if (!PemFile.keyMatchesCertificate(privateKey, leaf)) {
                throw new InvalidSettingException(KAFKA_CLIENT_TLS_KEY_LOCATION + "=" + key.get() + " is not the key of the certificate in "
                        + KAFKA_CLIENT_TLS_CRT_LOCATION + "=" + certificate.get() + " (" + leaf.getSubjectX500Principal().getName()
                        + "): mount the tls.key and tls.crt of the same secret");
            }
        }
        clientCa.ifPresent(file -> certificates(KAFKA_CLIENT_TLS_CA_LOCATION, file));
        brokerCa.ifPresent(file -> certificates(KAFKA_BROKER_TLS_CA_LOCATION, file));
        String algorithm = env.oneOf(KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM, "https", List.of("https", "none"));
        return new TlsSettings(key, certificate, clientCa, brokerCa, algorithm.equals("none") ? "" : algorithm);
    }

    private static List<X509Certificate> certificates(String variable, Path file) {
        return PemFile.certificates(variable, file.toString(), readFile(variable, file));
    }

    private static byte[] readFile(String variable, Path file) {
        Environment.checkReadableFile(variable, file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidSettingException(variable + "=" + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static final class Builder {
        private String bootstrapServers;
        private String topicPrefix;
        private String namespace;
        private String consumerGroupIdPrefix;
        private int topicReplicationFactor;
        private int topicPartitions;
        private int topicsQuota;
        private int messageMaxBytes;
        private SecurityProtocol securityProtocol;
        private Optional<SaslMechanism> saslMechanism;
        private Optional<PasswordCredentials> passwordCredentials;
        private Optional<OAuthSecret> oauthSecret;
        private Optional<TlsSettings> tls;
        private boolean preferIpv4;
        private ClientPassthrough passthrough;
    }
}
