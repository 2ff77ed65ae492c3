package io.seldonmesh.bench.pipelinegateway;

import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Stands in for model-gateway and the model server when {@code BENCH_MODEL_SIDE=echo}: answers each request
 * on the model's outputs topic with its inputs, same key, partition and headers, so the measured path is
 * pipeline-gateway and Kafka alone.
 */
final class EchoModel extends TopicReader {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String outputs;

    EchoModel(Map<String, Object> client, String inputs, String outputs, int partitions) {
        super(client, inputs, partitions, "echo-model");
        this.outputs = outputs;
        this.producer = new KafkaProducer<>(RawKafkaPath.withLingerZero(client), new ByteArraySerializer(),
                new ByteArraySerializer());
        start();
    }

    @Override
    void handle(ConsumerRecord<byte[], byte[]> record) throws Exception {
        ModelInferRequest request = ModelInferRequest.parseFrom(record.value());
        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder()
                .setModelName(request.getModelName()).setId(request.getId()), Tensors.inputs(request)).build();
        producer.send(new ProducerRecord<>(outputs, record.partition(), record.key(), response.toByteArray(),
                record.headers()));
    }

    @Override
    public void close() {
        super.close();
        producer.close(Duration.ofSeconds(2));
    }
}
