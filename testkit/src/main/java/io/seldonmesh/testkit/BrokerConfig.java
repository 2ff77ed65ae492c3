package io.seldonmesh.testkit;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders server.properties for a single-node KRaft broker (broker and controller in one process).
 * Pure: no files, no processes, so each listener's settings can be unit-tested.
 */
final class BrokerConfig {

    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String ANONYMOUS = "User:ANONYMOUS";
    /** Maps a certificate subject {@code CN=alice,...} to the principal {@code alice}. */
    static final String CN_PRINCIPAL_RULE = "RULE:^CN=([^,]+).*$/$1/,DEFAULT";

    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    private static final String OAUTH_LOGIN =
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
    private static final String OAUTH_VALIDATOR =
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";

    private BrokerConfig() {
    }

    static SortedMap<String, String> serverProperties(BrokerSettings settings, Map<Listener, Integer> ports,
                                                      int controllerPort, Path dataDir,
                                                      TestCertificates certificates, String adminUser) {
        SortedMap<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("controller.quorum.bootstrap.servers", FreePort.LOOPBACK + ":" + controllerPort);
        p.put("inter.broker.listener.name", Listener.PLAINTEXT.listenerName());
        p.put("log.dirs", dataDir.toString());

        String clientListeners = settings.listeners().stream()
                .map(listener -> listener.listenerName() + "://" + FreePort.LOOPBACK + ":" + ports.get(listener))
                .collect(Collectors.joining(","));
        p.put("listeners", clientListeners + "," + CONTROLLER_LISTENER + "://" + FreePort.LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", clientListeners);
        p.put("listener.security.protocol.map", settings.listeners().stream()
                .map(listener -> listener.listenerName() + ":" + listener.securityProtocol())
                .collect(Collectors.joining(",")) + "," + CONTROLLER_LISTENER + ":PLAINTEXT");

        // one broker: internal topics cannot have more replicas, and one partition each starts faster
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");

        if (settings.needsTls()) {
            p.put("ssl.keystore.type", "PEM");
            p.put("ssl.keystore.location", certificates.brokerKeyStore().toString());
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", certificates.caCertificate().toString());
            p.put("ssl.principal.mapping.rules", CN_PRINCIPAL_RULE);
        }
        if (settings.listeners().contains(Listener.SCRAM)) {
            String scram = prefix(Listener.SCRAM);
            p.put(scram + "sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
            p.put(scram + "scram-sha-256.sasl.jaas.config", SCRAM_LOGIN);
            p.put(scram + "scram-sha-512.sasl.jaas.config", SCRAM_LOGIN);
        }
        if (settings.listeners().contains(Listener.MTLS)) {
            p.put(prefix(Listener.MTLS) + "ssl.client.auth", "required");
        }
        if (settings.oauth() != null) {
            String oauth = prefix(Listener.OAUTH);
            p.put(oauth + "sasl.enabled.mechanisms", "OAUTHBEARER");
            p.put(oauth + "oauthbearer.sasl.jaas.config", OAUTH_LOGIN);
            p.put(oauth + "oauthbearer.sasl.server.callback.handler.class", OAUTH_VALIDATOR);
            p.put("sasl.oauthbearer.jwks.endpoint.url", settings.oauth().jwksUrl());
            p.put("sasl.oauthbearer.expected.issuer", settings.oauth().issuerUrl());
            p.put("sasl.oauthbearer.expected.audience", settings.oauth().audience());
        }
        if (settings.acls()) {
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // the controller and PLAINTEXT listeners authenticate nobody: they must stay all-powerful
            p.put("super.users", ANONYMOUS + ";User:" + adminUser);
        }
        p.putAll(settings.properties());
        return p;
    }

    private static String prefix(Listener listener) {
        return "listener.name." + listener.listenerName().toLowerCase(Locale.ROOT) + ".";
    }
}
