package io.seldonmesh.pipelinegateway.dataflow;

import io.grpc.StatusRuntimeException;
import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The three ways a client calls a pipeline: REST and gRPC through pipeline-gateway, and straight over Kafka (a V2 JSON
 * record on the pipeline's inputs topic, its answer on the outputs topic, or its error on the errors topic), each
 * giving an {@link Answer} in one shape.
 */
enum Transport {
    REST {
        @Override
        Answer call(DataflowStack stack, String pipeline, String body) {
            HttpResponse<String> response = stack.infer(pipeline, body);
            return response.statusCode() == 200 ? Answer.ok(Tensors.outputs(V2Json.parseResponse(response.body())))
                    : Answer.failed(response.statusCode(), response.body());
        }
    },
    GRPC {
        @Override
        Answer call(DataflowStack stack, String pipeline, String body) {
            try {
                return Answer.ok(Tensors.outputs(stack.inferGrpc(pipeline, V2Json.parseRequest(body))));
            } catch (StatusRuntimeException e) {
                return Answer.failed(httpStatus(e.getStatus().getCode()), e.getStatus().getCode() + ": "
                        + e.getStatus().getDescription());
            }
        }

        /** The HTTP status the gateway gives the same outcome over REST. */
        private static int httpStatus(io.grpc.Status.Code code) {
            return switch (code) {
                case INVALID_ARGUMENT -> 400;
                case NOT_FOUND -> 404;
                case UNAVAILABLE -> 503;
                case DEADLINE_EXCEEDED -> 504;
                default -> 500;
            };
        }
    },
    KAFKA {
        @Override
        Answer call(DataflowStack stack, String pipeline, String body) {
            String id = "kafka-" + UUID.randomUUID();
            String outputs = stack.topics().pipelineOutputs(pipeline);
            String errors = stack.topics().errors();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DataflowStack.BOOTSTRAP), new ByteArraySerializer(),
                         new ByteArraySerializer())) {
                consumer.subscribe(List.of(outputs, errors));
                awaitAssignment(consumer);
                RecordHeaders headers = new RecordHeaders();
                SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, id);
                SeldonHeaders.put(headers, SeldonHeaders.PIPELINE, pipeline);
                SeldonHeaders.put(headers, SeldonHeaders.INFER_TYPE, InferType.JSON_REQUEST.headerValue());
                producer.send(new ProducerRecord<byte[], byte[]>(stack.topics().pipelineInputs(pipeline), null,
                        (byte[]) null, body.getBytes(StandardCharsets.UTF_8), headers)).get(10, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (SeldonHeaders.requestId(record.headers()).filter(id::equals).isEmpty()) {
                            continue;
                        }
                        if (record.topic().equals(errors)) {
                            return Answer.failed(400, ErrorRecord.parse(record).message());
                        }
                        return Answer.ok(Tensors.outputs(V2Json.parseResponse(record.value())));
                    }
                }
                return Answer.failed(504, "no answer on " + outputs + " or " + errors + " within 30 s");
            } catch (Exception e) {
                throw new IllegalStateException("calling " + pipeline + " over Kafka failed", e);
            }
        }

        private static KafkaConsumer<byte[], byte[]> consumer() {
            return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DataflowStack.BOOTSTRAP,
                    ConsumerConfig.GROUP_ID_CONFIG, "transport-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        }

        private static void awaitAssignment(KafkaConsumer<byte[], byte[]> consumer) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            // "latest" is resolved lazily: make the position real before the request is written
            consumer.assignment().forEach(consumer::position);
        }
    };

    abstract Answer call(DataflowStack stack, String pipeline, String body);

    /** What came back: the outputs, or a status (HTTP, gRPC code, or 400 for an error record) and its text. */
    record Answer(int status, List<Tensor> outputs, String error) {

        static Answer ok(List<Tensor> outputs) {
            return new Answer(200, outputs, null);
        }

        static Answer failed(int status, String error) {
            return new Answer(status, List.of(), error);
        }

        Tensor output(String name) {
            if (status != 200) {
                throw new AssertionError("expected an answer, got " + status + ": " + error);
            }
            return outputs.stream().filter(tensor -> tensor.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no output " + name + " in " + outputs));
        }

        List<String> names() {
            return outputs.stream().map(Tensor::name).toList();
        }
    }
}
