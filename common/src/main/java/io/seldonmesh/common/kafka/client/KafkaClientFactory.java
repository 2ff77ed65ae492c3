package io.seldonmesh.common.kafka.client;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place services create Kafka clients: every producer, consumer and admin client gets the same bootstrap
 * servers, security and credential reloading from {@link SeldonKafkaSettings}, plus the caller's own overrides.
 */
public final class KafkaClientFactory {

    private final SeldonKafkaSettings settings;
    private final KafkaClientProperties properties;

    public KafkaClientFactory(SeldonKafkaSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.properties = new KafkaClientProperties(settings);
    }

    /** A factory from Seldon's environment variables; throws {@code InvalidSettingException} naming a wrong one. */
    public static KafkaClientFactory fromEnvironment(Map<String, String> environment) {
        return new KafkaClientFactory(SeldonKafkaSettings.fromEnvironment(environment));
    }

    public SeldonKafkaSettings settings() {
        return settings;
    }

    public KafkaClientProperties properties() {
        return properties;
    }

    public <K, V> Producer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer, Map<String, ?> overrides) {
        return new KafkaProducer<>(properties.producer(overrides), keySerializer, valueSerializer);
    }

    /**
     * A producer that outlives a wrong credential at start-up: see {@link RecreatingProducer}. For every
     * non-transactional producer a service keeps for its lifetime.
     *
     * @throws IllegalArgumentException when the settings give it a {@code transactional.id}
     */
    public <K, V> Producer<K, V> recreatingProducer(Serializer<K> keySerializer, Serializer<V> valueSerializer,
                                                    Map<String, ?> overrides) {
        Map<String, Object> effective = properties.producer(overrides);
        if (effective.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new IllegalArgumentException("a transactional producer cannot be recreated under an open transaction;"
                    + " use producer() and start again with a new one when a transaction fails");
        }
        String name = String.valueOf(effective.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "(no client.id)"));
        return new RecreatingProducer<>(() -> producer(keySerializer, valueSerializer, overrides), name,
                new KafkaErrorExplainer(settings));
    }

    /**
     * A consumer in group {@code groupName}, which gets {@code SELDON_CONSUMER_GROUP_ID_PREFIX} in front of it so
     * every service honours the prefix the same way.
     */
    public <K, V> Consumer<K, V> consumer(String groupName, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                                          Map<String, ?> overrides) {
        Map<String, Object> withGroup = new LinkedHashMap<>();
        withGroup.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroupId(Objects.requireNonNull(groupName)));
        withGroup.putAll(overrides);
        return new KafkaConsumer<>(properties.consumer(withGroup), keyDeserializer, valueDeserializer);
    }

    /** A consumer without a group, for callers that {@code assign} partitions themselves and keep no offsets. */
    public <K, V> Consumer<K, V> consumerWithoutGroup(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                                                      Map<String, ?> overrides) {
        return new KafkaConsumer<>(properties.consumer(overrides), keyDeserializer, valueDeserializer);
    }

    public Admin admin(Map<String, ?> overrides) {
        return Admin.create(properties.admin(overrides));
    }

    /** Kafka Streams properties for {@code new KafkaStreams(topology, props)}; see {@link KafkaClientProperties#streams}. */
    public Map<String, Object> streamsProperties(String applicationId, Map<String, ?> overrides) {
        return properties.streams(applicationId, overrides);
    }
}
