package io.seldonmesh.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.google.protobuf.InvalidProtocolBufferException;

import io.seldonmesh.common.v2.proto.ModelInferResponse;

/**
 * A pipeline's outputs topic read as any Kafka client of a Seldon install would: a plain consumer, no group, from
 * the beginning, looking for the answer that carries a request's {@code x-request-id} — how Seldon's
 * {@code pipeline inspect} shows what a pipeline fed by another one produced.
 */
final class PipelineOutputsTopic {

    private PipelineOutputsTopic() {
    }

    /** Seldon's topic name: {@code <prefix>.<namespace>.pipeline.<name>.outputs}. */
    static String of(String pipeline) {
        return "seldon.default.pipeline." + pipeline + ".outputs";
    }

    /**
     * The protobuf answer on {@code pipeline}'s outputs topic carrying {@code requestId}, waiting up to
     * {@code timeout} for it.
     *
     * @throws AssertionError naming the topic and the request ids seen there when none matches
     */
    static ModelInferResponse answer(String bootstrap, String pipeline, String requestId, Duration timeout) {
        String topic = of(pipeline);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Optional<String> id = header(record, "x-request-id");
                    if (id.filter(requestId::equals).isPresent()) {
                        return parse(record);
                    }
                    seen.add(id.orElse("(none)"));
                }
            }
        }
        throw new AssertionError("no answer with x-request-id " + requestId + " on " + topic + " within "
                + timeout.toSeconds() + " s; request ids seen there: " + seen);
    }

    private static ModelInferResponse parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return ModelInferResponse.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the answer at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a V2 protobuf response (headers " + record.headers() + ")", e);
        }
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
