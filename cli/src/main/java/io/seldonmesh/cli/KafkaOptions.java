package io.seldonmesh.cli;

import io.seldonmesh.common.config.InvalidSettingException;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the topics are: the options override Seldon's own variables (KAFKA_BOOTSTRAP_SERVERS, SELDON_TOPIC_PREFIX,
 * SELDON_NAMESPACE, and the KAFKA_SECURITY_PROTOCOL family, read by common as every service reads them).
 */
final class KafkaOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS, default " + DEFAULT_BOOTSTRAP + ")")
    String bootstrap;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "env SELDON_TOPIC_PREFIX, default seldon")
    String topicPrefix;

    @Option(names = "--namespace", paramLabel = "NAMESPACE", description = "env SELDON_NAMESPACE, default default")
    String namespace;

    KafkaClientFactory clientFactory(Map<String, String> environment) {
        Map<String, String> variables = new HashMap<>(environment);
        variables.putIfAbsent(SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP);
        override(variables, SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
        override(variables, SeldonKafkaSettings.SELDON_TOPIC_PREFIX, topicPrefix);
        override(variables, SeldonKafkaSettings.SELDON_NAMESPACE, namespace);
        try {
            return KafkaClientFactory.fromEnvironment(variables);
        } catch (InvalidSettingException e) {
            throw CliFailure.badInput(e.getMessage());
        }
    }

    static TopicNames topicNames(KafkaClientFactory kafka) {
        return TopicNames.from(kafka.settings());
    }

    private static void override(Map<String, String> variables, String name, String value) {
        if (value != null) {
            variables.put(name, value);
        }
    }
}
