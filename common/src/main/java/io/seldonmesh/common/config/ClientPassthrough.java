package io.seldonmesh.common.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Kafka client properties taken verbatim from the environment, for what no Seldon variable covers (compression,
 * timeouts, ...). Two spellings:
 * <ul>
 * <li>dotted, as Kubernetes allows in env names and Seldon's kafka config map uses: {@code kafka.<property>} for all
 *     clients, {@code kafka.consumer.<property>}, {@code kafka.producer.<property>}, {@code kafka.admin.<property>},
 *     {@code kafka.streams.<property>} for one client type;</li>
 * <li>shell-friendly, per client type only: {@code KAFKA_CONSUMER_SESSION_TIMEOUT_MS} is the consumer's
 *     {@code session.timeout.ms} (drop the prefix, lower-case, {@code _} becomes {@code .}). There is no shell form
 *     for "all clients": {@code KAFKA_*} is where Seldon's own variables live ({@code KAFKA_SECURITY_PROTOCOL} is not
 *     {@code security.protocol} passthrough).</li>
 * </ul>
 * Property names are checked against the kafka-clients on the classpath so a typo fails at start-up instead of
 * being ignored; Kafka Streams names are not checked (Streams is not a dependency of common). The three properties
 * that Seldon variables own ({@code bootstrap.servers}, {@code security.protocol}, {@code sasl.mechanism}) are
 * refused so each has one source.
 */
public record ClientPassthrough(
        Map<String, String> all,
        Map<String, String> consumer,
        Map<String, String> producer,
        Map<String, String> admin,
        Map<String, String> streams) {

    private static final Map<String, String> OWNED_BY_SELDON_VARIABLES = Map.of(
            "bootstrap.servers", SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS,
            "security.protocol", SeldonKafkaSettings.KAFKA_SECURITY_PROTOCOL,
            "sasl.mechanism", SeldonKafkaSettings.KAFKA_SASL_MECHANISM);

    public static ClientPassthrough none() {
        return new ClientPassthrough(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    static ClientPassthrough from(Map<String, String> environment) {
        Map<String, String> all = new TreeMap<>();
        Map<String, String> consumer = new TreeMap<>();
        Map<String, String> producer = new TreeMap<>();
        Map<String, String> admin = new TreeMap<>();
        Map<String, String> streams = new TreeMap<>();
        ClientType[] types = {
            new ClientType("consumer", consumer, ConsumerConfig.configNames()),
            new ClientType("producer", producer, ProducerConfig.configNames()),
            new ClientType("admin", admin, AdminClientConfig.configNames()),
            new ClientType("streams", streams, null),
        };
        new TreeMap<>(environment).forEach((name, value) -> {
            for (ClientType type : types) {
                if (type.claims(name, value)) {
                    return;
                }
            }
            if (name.startsWith("kafka.")) {
                String property = name.substring("kafka.".length());
                checkKnown(name, property, "client", union(types));
                all.put(property, value);
            }
        });
        return new ClientPassthrough(Map.copyOf(all), Map.copyOf(consumer), Map.copyOf(producer), Map.copyOf(admin),
                Map.copyOf(streams));
    }

    /** Names only: a passed-through value may be a password ({@code ssl.keystore.password}). */
    @Override
    public String toString() {
        return "ClientPassthrough[all=" + all.keySet() + ", consumer=" + consumer.keySet() + ", producer=" + producer.keySet()
                + ", admin=" + admin.keySet() + ", streams=" + streams.keySet() + "]";
    }

    private static Set<String> union(ClientType[] types) {
        Set<String> names = new HashSet<>();
        for (ClientType type : types) {
            if (type.knownNames != null) {
                names.addAll(type.knownNames);
            }
        }
        return names;
    }

    private static void checkKnown(String variable, String property, String clientKind, Set<String> knownNames) {
        String owner = OWNED_BY_SELDON_VARIABLES.get(property);
        if (owner != null) {
            throw new InvalidSettingException(variable + " sets " + property + ", which " + owner + " owns: set " + owner + " instead");
        }
        if (knownNames != null && !knownNames.contains(property)) {
            throw new InvalidSettingException(variable + " names no Kafka " + clientKind + " property '" + property
                    + "' (kafka-clients " + AppInfoParser.getVersion() + "): check the spelling against "
                    + "https://kafka.apache.org/documentation/#configuration");
        }
    }

    private record ClientType(String name, Map<String, String> target, Set<String> knownNames) {

        boolean claims(String variable, String value) {
            String dotted = "kafka." + name + ".";
            String shell = "KAFKA_" + name.toUpperCase(Locale.ROOT) + "_";
            String property;
            if (variable.startsWith(dotted)) {
                property = variable.substring(dotted.length());
            } else if (variable.startsWith(shell)) {
                property = variable.substring(shell.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            } else {
                return false;
            }
            checkKnown(variable, property, name, knownNames);
            target.put(property, value);
            return true;
        }
    }
}
