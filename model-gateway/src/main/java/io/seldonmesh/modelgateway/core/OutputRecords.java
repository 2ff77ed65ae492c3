package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.RecordSize;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.v2.InferenceSummary;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2Problem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records the gateway writes for a consumed request: the output on {@code <p>.<ns>.model.<m>.outputs}, or an
 * error record on {@code <p>.<ns>.errors.errors}, and the size check that keeps an output the producer or broker
 * would refuse from vanishing.
 *
 * <p>Outputs keep the request's key and headers, so a client correlates them as it would with Seldon; the model
 * server's {@code x-*} response headers are added (replacing a request header of the same name, e.g. the echoed
 * {@code x-request-id}). {@code x-seldon-route} is a trail, not a value: the request's hops stay and this model's
 * hop {@code :<model>_<version>:} is added after them (the version the model server answered with), unless the model
 * server sent its own hop, as a Seldon agent in front of it does. The value mirrors the request: protobuf for protobuf, JSON for JSON; the
 * {@code seldon-infer-type} header names the response type when the request had one, and always for JSON (a
 * headerless JSON request's answer must not be taken for protobuf by the next reader).
 */
public final class OutputRecords {

    private final TopicNames topics;
    /** Topic names are validated when built; a model's is built once. */
    private final Map<String, String> outputsTopics = new ConcurrentHashMap<>();
    private final long maxRecordBytes;
    private final String limitName;

    /**
     * @param maxRecordBytes the producer's {@code max.request.size}: a larger record would be refused by it
     * @param limitName      where that limit is set, named in error records (e.g. {@code KAFKA_MESSAGE_MAX_BYTES})
     */
    public OutputRecords(TopicNames topics, long maxRecordBytes, String limitName) {
        this.topics = topics;
        this.maxRecordBytes = maxRecordBytes;
        this.limitName = limitName;
    }

    public String outputsTopic(String model) {
        return outputsTopics.computeIfAbsent(model, topics::modelOutputs);
    }

    public String errorsTopic() {
        return topics.errors();
    }

    /**
     * The output record for a reply.
     *
     * @param partition the partition to write to, or null to let the key choose
     * @throws io.seldonmesh.common.v2.V2ValidationException when a JSON request's response cannot be written as
     *     JSON (the response is not valid V2)
     */
    public ProducerRecord<byte[], byte[]> output(ModelInput input, ConsumerRecord<byte[], byte[]> request,
                                                 ModelReply reply, Integer partition) {
        byte[] value = input.json() ? V2Json.writeResponse(reply.response()) : reply.response().toByteArray();
        Headers headers = new RecordHeaders();
        for (Header header : request.headers()) {
            if (!header.key().equals(SeldonHeaders.INFER_TYPE)) {
                headers.add(header);
            }
        }
        if (input.json() || request.headers().lastHeader(SeldonHeaders.INFER_TYPE) != null) {
            SeldonHeaders.put(headers, SeldonHeaders.INFER_TYPE,
                    (input.json() ? InferType.JSON_RESPONSE : InferType.PROTO_RESPONSE).headerValue());
        }
        boolean serverAddedRoute = false;
        for (Map.Entry<String, String> header : reply.headers()) {
            if (header.getKey().equals(SeldonHeaders.ROUTE)) {
                serverAddedRoute = true;
            } else {
                headers.remove(header.getKey());
            }
        }
        for (Map.Entry<String, String> header : reply.headers()) {
            headers.add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        if (!serverAddedRoute) {
            headers.add(SeldonHeaders.ROUTE, routeHop(input.model(), reply.response().getModelVersion())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(outputsTopic(input.model()), partition, request.key(), value, headers);
    }

    /** Seldon's name for one hop of a request: {@code :iris_1:}, or {@code :iris:} when the version is unknown. */
    static String routeHop(String model, String version) {
        return ":" + model + (version == null || version.isEmpty() ? "" : "_" + version) + ":";
    }

    /** The error record for a request that gets no output. */
    public ProducerRecord<byte[], byte[]> error(String model, String requestId, ConsumerRecord<byte[], byte[]> request,
                                                Rejection rejection, Integer partition) {
        return new ErrorRecord(model, requestId, rejection.status(), rejection.message(), rejection.action())
                .toRecord(topics.errors(), partition, request.key(), request.headers());
    }

    /** The same error without the request's headers but its id, for when the full one is itself too large. */
    public ProducerRecord<byte[], byte[]> bareError(String model, String requestId, ConsumerRecord<byte[], byte[]> request,
                                                    Rejection rejection, Integer partition) {
        Headers idOnly = new RecordHeaders();
        if (requestId != null) {
            SeldonHeaders.put(idOnly, SeldonHeaders.REQUEST_ID, requestId);
        }
        return new ErrorRecord(model, requestId, rejection.status(), rejection.message(), rejection.action())
                .toRecord(topics.errors(), partition, request.key(), idOnly);
    }

    /**
     * A rejection when the producer would refuse {@code record} as larger than its {@code max.request.size}, naming
     * both sizes; the size is the one the producer checks (the record batch that would hold it alone).
     *
     * @param requestId may be null
     */
    public Optional<Rejection> tooLarge(ProducerRecord<byte[], byte[]> record, String model, String requestId) {
        int size = size(record);
        if (size <= maxRecordBytes) {
            return Optional.empty();
        }
        return InferenceSummary.sizeLimitProblem(describe(model, requestId), size, limitName, maxRecordBytes)
                .map(problem -> new Rejection(Rejection.MESSAGE_TOO_LARGE, problem.message(),
                        "raise " + limitName + " and the topic's max.message.bytes, or make the model's output smaller"));
    }

    /**
     * Whether the producer and a topic with {@code topicLimit} (when known) take {@code record}; the size is the one
     * the producer checks. Exactly-once asks this before sending, since a refusal would abort the transaction.
     */
    public boolean fits(ProducerRecord<byte[], byte[]> record, OptionalLong topicLimit) {
        int size = size(record);
        return size <= maxRecordBytes && (topicLimit.isEmpty() || size <= topicLimit.getAsLong());
    }

    /**
     * The rejection when the topic does not take {@code record} although the producer would: the topic's (or
     * broker's) {@code max.message.bytes} is below the producer's limit. At-least-once learns it from the broker's
     * refusal, exactly-once before sending.
     *
     * @param topicLimit the topic's {@code max.message.bytes}, when it could be read
     */
    public Rejection brokerRefused(ProducerRecord<byte[], byte[]> record, String what, OptionalLong topicLimit) {
        long size = size(record);
        String limit = "max.message.bytes of topic " + record.topic();
        String message = topicLimit.isPresent()
                ? InferenceSummary.sizeLimitProblem(what, size, limit, topicLimit.getAsLong())
                        .map(V2Problem::message)
                        .orElse(what + " is " + InferenceSummary.humanBytes(size) + " (" + size + " bytes) and the broker"
                                + " refused it as too large; the " + limit + " is " + topicLimit.getAsLong() + " bytes")
                : what + " is " + InferenceSummary.humanBytes(size) + " (" + size + " bytes), larger than the broker"
                        + " accepts for topic " + record.topic() + " (its max.message.bytes could not be read)";
        return new Rejection(Rejection.MESSAGE_TOO_LARGE, message, "raise the topic's max.message.bytes (kafka-configs.sh"
                + " --alter --entity-type topics --entity-name " + record.topic() + " --add-config max.message.bytes=...)"
                + " or make the model's output smaller");
    }

    /** What a record is, for size messages: "response of model 'iris' to request 'abc'". */
    public static String describe(String model, String requestId) {
        return "response of model '" + model + "'" + (requestId == null ? "" : " to request '" + requestId + "'");
    }

    /** The input's partition when the target topic has it, else null (the key chooses). */
    public static Integer samePartition(int inputPartition, int targetPartitions) {
        return inputPartition < targetPartitions ? inputPartition : null;
    }

    /** The bytes the producer counts against {@code max.request.size} for this record alone. */
    public static int size(ProducerRecord<byte[], byte[]> record) {
        return RecordSize.of(record);
    }
}
