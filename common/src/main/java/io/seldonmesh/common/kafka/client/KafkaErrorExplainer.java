package io.seldonmesh.common.kafka.client;

import io.seldonmesh.common.config.OAuthSecret;
import io.seldonmesh.common.config.PasswordCredentials;
import io.seldonmesh.common.config.PemFile;
import io.seldonmesh.common.config.SaslMechanism;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Turns Kafka's authorization and authentication failures into one line for the operator: which principal was
 * refused what on which resource, and what to do about it (the {@code kafka-acls.sh} command that grants it, the
 * setting or mounted file to check). Anything else is passed through as Kafka worded it.
 */
public final class KafkaErrorExplainer {

    private final SeldonKafkaSettings settings;

    public KafkaErrorExplainer(SeldonKafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * @param failure   what a client threw or a future failed with (causes are searched)
     * @param attempted what the caller was doing to its topic: {@code WRITE} when producing, {@code READ} when
     *                  consuming, {@code CREATE} or {@code DESCRIBE} from an admin client
     */
    public String explain(Throwable failure, AclOperation attempted) {
        return explain(failure, attempted, null);
    }

    /**
     * As {@link #explain(Throwable, AclOperation)}, naming {@code topic} when the broker's refusal does not (admin
     * requests such as {@code createTopics} report only "Authorization failed").
     */
    public String explain(Throwable failure, AclOperation attempted, String topic) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TopicAuthorizationException denied) {
                return topicDenied(denied, attempted, topic);
            }
            if (cause instanceof GroupAuthorizationException denied) {
                return denied("READ", "group", denied.groupId(), "--group " + denied.groupId());
            }
            if (cause instanceof TransactionalIdAuthorizationException) {
                return denied("WRITE", "transactional id", "(the producer's transactional.id)", "--transactional-id <transactional.id>");
            }
            if (cause instanceof ClusterAuthorizationException) {
                // A producer is refused on the cluster only for its idempotent producer id (Write on any topic also grants it).
                AclOperation onCluster = attempted == AclOperation.WRITE ? AclOperation.IDEMPOTENT_WRITE : attempted;
                return denied(onCluster.name(), "cluster", "kafka-cluster", "--cluster");
            }
            if (cause instanceof UnsupportedSaslMechanismException unsupported) {
                return "Kafka's listener at " + settings.bootstrapServers() + " does not enable SASL mechanism "
                        + mechanismName() + ": set " + SeldonKafkaSettings.KAFKA_SASL_MECHANISM
                        + " to one it enables (Kafka said: " + unsupported.getMessage() + ")";
            }
            if (cause instanceof SaslAuthenticationException rejected && settings.saslMechanism().isPresent()) {
                return saslRejected(rejected);
            }
            if (cause instanceof SslAuthenticationException handshake && settings.tls().isPresent()) {
                return tlsFailed(handshake);
            }
            if (cause instanceof AuthenticationException other) {
                return "Kafka at " + settings.bootstrapServers() + " did not authenticate " + principal() + " ("
                        + protocolDescription() + "): " + rootMessage(other);
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /**
     * The principal the brokers see for this configuration, as ACLs name it. For mutual TLS that is Kafka's default
     * mapping, the certificate's whole subject ({@code User:CN=app,O=org}, as on AWS MSK); brokers that set
     * {@code ssl.principal.mapping.rules} (Strimzi) shorten it, typically to the CN. For OAUTHBEARER it is the
     * {@code sub} claim of the last token fetched.
     */
    public String principal() {
        if (settings.passwordCredentials().isPresent()) {
            return "User:" + settings.passwordCredentials().get().username();
        }
        if (settings.oauthSecret().isPresent()) {
            OAuthSecret secret = settings.oauthSecret().get();
            return "User:" + OAuthSecretJwtRetriever.lastTokenSubject(secret.directory())
                    .orElse("<sub claim of the tokens issued to client_id " + secret.clientId() + ">");
        }
        return clientCertificate()
                .map(certificate -> "User:" + certificate.getSubjectX500Principal().getName())
                .orElse("User:ANONYMOUS");
    }

    private String topicDenied(TopicAuthorizationException denied, AclOperation attempted, String attemptedTopic) {
        Set<String> topics = new TreeSet<>(denied.unauthorizedTopics());
        if (topics.isEmpty() && attemptedTopic != null) {
            topics.add(attemptedTopic);
        }
        String names = topics.isEmpty() ? "(not named by the broker)" : String.join(", ", topics);
        String topicArguments = topics.isEmpty()
                ? "--topic <topic>"
                : topics.stream().map(topic -> "--topic " + topic).collect(Collectors.joining(" "));
        String seldonTopics = settings.topicPrefix() + "." + settings.namespace() + ".";
        return denied(attempted.name(), topics.size() == 1 ? "topic" : "topics", names, topicArguments)
                + "; or for every Seldon topic of this namespace: --resource-pattern-type prefixed --topic " + seldonTopics;
    }

    private String denied(String operation, String resourceKind, String resource, String resourceArguments) {
        return "Kafka denied " + operation + " on " + resourceKind + " " + resource + " to " + principal() + " ("
                + protocolDescription() + "). Grant it with: " + grant(List.of(operation), resourceArguments);
    }

    /**
     * The {@code kafka-acls.sh} command that grants this service's principal {@code operations} (Kafka's names, e.g.
     * {@code WRITE}) on the resource given by {@code resourceArguments} ({@code --topic t}, {@code --group g},
     * {@code --cluster}).
     */
    public String grant(Collection<String> operations, String resourceArguments) {
        StringBuilder command = new StringBuilder("kafka-acls.sh --bootstrap-server ").append(settings.bootstrapServers())
                .append(" --command-config admin.properties --add --allow-principal ").append(principal());
        operations.forEach(operation -> command.append(" --operation ").append(cliOperation(operation)));
        return command.append(' ').append(resourceArguments).toString();
    }

    private String saslRejected(SaslAuthenticationException rejected) {
        if (settings.oauthSecret().isPresent()) {
            OAuthSecret secret = settings.oauthSecret().get();
            return "Kafka rejected the OAUTHBEARER token of client_id " + secret.clientId() + " from " + secret.tokenEndpointUrl()
                    + ": check that the broker's expected issuer and audience match the tokens this endpoint issues, and the "
                    + "secret mounted at " + SeldonKafkaSettings.KAFKA_CLIENT_OAUTH_SECRET_LOCATION + "=" + secret.directory()
                    + " (Kafka said: " + rejected.getMessage() + ")";
        }
        PasswordCredentials credentials = settings.passwordCredentials().orElseThrow();
        return "Kafka rejected the " + mechanismName() + " login of user " + credentials.username() + " ("
                + SeldonKafkaSettings.KAFKA_CLIENT_SASL_USERNAME + ") with the password in "
                + SeldonKafkaSettings.KAFKA_CLIENT_SASL_PASSWORD_LOCATION + "=" + credentials.passwordFile() + modified(credentials.passwordFile())
                + ": check that the user exists for " + mechanismName() + " (kafka-configs.sh --bootstrap-server "
                + settings.bootstrapServers() + " --describe --entity-type users --entity-name " + credentials.username()
                + ") and that the mounted secret holds its current password (Kafka said: " + rejected.getMessage() + ")";
    }

    private String tlsFailed(SslAuthenticationException handshake) {
        String root = rootMessage(handshake);
        String lower = root.toLowerCase(Locale.ROOT);
        TlsSettings tls = settings.tls().orElseThrow();
        if (lower.contains("pkix") || lower.contains("certification path")) {
            String trusted = tls.brokerCa()
                    .map(file -> "a CA in " + SeldonKafkaSettings.KAFKA_BROKER_TLS_CA_LOCATION + "=" + file)
                    .orElse("a CA the JVM trusts by default (" + SeldonKafkaSettings.KAFKA_BROKER_TLS_CA_LOCATION + " is not set)");
            return "TLS to " + settings.bootstrapServers() + " failed: the broker's certificate is not issued by " + trusted
                    + ": mount the CA that issued the broker certificate there (Java said: " + root + ")";
        }
        if (lower.contains("subject alternative") || lower.contains("no name matching")) {
            return "TLS to " + settings.bootstrapServers() + " failed: the broker's certificate does not name the host the client "
                    + "connected to: connect with a name the certificate lists, or set "
                    + SeldonKafkaSettings.KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM + "=none (Java said: " + root + ")";
        }
        Optional<X509Certificate> certificate = clientCertificate();
        if (certificate.isEmpty()) {
            return "TLS to " + settings.bootstrapServers() + " failed and this client presents no certificate; if the broker requires "
                    + "mutual TLS, set " + SeldonKafkaSettings.KAFKA_CLIENT_TLS_KEY_LOCATION + " and "
                    + SeldonKafkaSettings.KAFKA_CLIENT_TLS_CRT_LOCATION + " (Java said: " + root + ")";
        }
        X509Certificate client = certificate.get();
        String expiry = client.getNotAfter().before(new Date()) ? ", which expired at " + client.getNotAfter().toInstant() : "";
        return "TLS to " + settings.bootstrapServers() + " failed: the broker did not accept the client certificate "
                + client.getSubjectX500Principal().getName() + " issued by " + client.getIssuerX500Principal().getName() + expiry
                + " from " + SeldonKafkaSettings.KAFKA_CLIENT_TLS_CRT_LOCATION + "=" + tls.clientCertificate().orElseThrow()
                + ": mount a current certificate issued by a CA in the broker's trust store (Java said: " + root + ")";
    }

    private Optional<X509Certificate> clientCertificate() {
        return settings.tls().flatMap(TlsSettings::clientCertificate).flatMap(file -> {
            try {
                return Optional.of(PemFile.certificates(SeldonKafkaSettings.KAFKA_CLIENT_TLS_CRT_LOCATION, file.toString(),
                        Files.readAllBytes(file)).get(0));
            } catch (Exception unreadable) {
                // The explanation is still useful without the certificate's details.
                return Optional.empty();
            }
        });
    }

    private String protocolDescription() {
        SecurityProtocol protocol = settings.securityProtocol();
        return SeldonKafkaSettings.KAFKA_SECURITY_PROTOCOL + "=" + protocol.name
                + settings.saslMechanism().map(m -> ", " + SeldonKafkaSettings.KAFKA_SASL_MECHANISM + "=" + m.kafkaName()).orElse("")
                + (settings.tls().map(TlsSettings::mutual).orElse(false) ? ", mutual TLS" : "");
    }

    private String mechanismName() {
        return settings.saslMechanism().map(SaslMechanism::kafkaName).orElse("(none)");
    }

    private static String modified(Path file) {
        try {
            return " (modified " + Files.getLastModifiedTime(file).toInstant() + ")";
        } catch (Exception unreadable) {
            return " (unreadable now)";
        }
    }

    private static String cliOperation(String operation) {
        StringBuilder cli = new StringBuilder();
        for (String word : operation.split("_")) {
            cli.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return cli.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
