package io.seldonmesh.pipelinegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.ModelResponder;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.pipelinegateway.core.InferenceCall;
import io.seldonmesh.pipelinegateway.core.Reply;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A pipeline request is answered only on the pipeline's outputs topic. Its steps write under the same key on their
 * models' outputs topics, which the gateway also reads once a model was called directly: those records must not
 * answer the pipeline's caller with a step's tensors.
 */
class AnswerTopicTest {

    private static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);

    @Test
    void stepsRecordUnderThePipelineRequestsKeyIsNotThePipelinesAnswer() throws Exception {
        String namespace = "answers-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = TopicNames.of("seldon", namespace);
        try (KafkaGateway gateway = new KafkaGateway(KafkaClientFactory.fromEnvironment(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP, "SELDON_NAMESPACE", namespace,
                        "KAFKA_TOPICS_NUM_PARTITIONS", "1")), new TimeoutPolicy(Duration.ofSeconds(20),
                        Duration.ofSeconds(60)), 100, StepScanLimits.DEFAULT, new SimpleMeterRegistry());
             StatusWriter status = new StatusWriter(BOOTSTRAP, topics);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            gateway.start();
            Eventually.until(Duration.ofSeconds(20), () -> "ready: " + gateway.notReadyBecause(),
                    () -> gateway.notReadyBecause().isEmpty());
            gateway.specs().publish(Model.parse(Declarations.modelYaml("step")));
            gateway.specs().publish(Pipeline.parse(Declarations.chainYaml("flow", "step")));
            status.model("step", ModelState.AVAILABLE, null);
            status.pipeline("flow", PipelineState.READY, null);
            Eventually.until(Duration.ofSeconds(10), () -> "flow ready",
                    () -> gateway.catalog().availability(Target.pipeline("flow")).isReady());
            try (ModelResponder echo = ModelResponder.echo(BOOTSTRAP, "step", topics.modelInputs("step"),
                    topics.modelOutputs("step"))) {
                // a direct call makes the gateway read model.step.outputs
                gateway.ingress().infer(call(Target.model("step"), "direct")).get(15, TimeUnit.SECONDS);
            }

            CompletableFuture<Reply> pipelineCall = gateway.ingress().infer(call(Target.pipeline("flow"), "p-1"));
            Eventually.until(Duration.ofSeconds(10), () -> "the pipeline request is waiting",
                    () -> gateway.pending().isPending("p-1"));
            byte[] key = ("0.flow.p-1").getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topics.modelOutputs("step"), 0, key, answer("step's")
                    .toByteArray(), headers("p-1"))).get(10, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            assertThat(pipelineCall).as("a step's record is not the pipeline's answer").isNotDone();

            producer.send(new ProducerRecord<>(topics.pipelineOutputs("flow"), 0, key, answer("pipeline's")
                    .toByteArray(), headers("p-1"))).get(10, TimeUnit.SECONDS);
            assertThat(pipelineCall.get(10, TimeUnit.SECONDS).response().getModelName()).isEqualTo("pipeline's");
        }
    }

    private static InferenceCall call(Target target, String id) {
        ModelInferRequest request = ModelInferRequest.newBuilder().addInputs(ModelInferRequest.InferInputTensor
                .newBuilder().setName("x").setDatatype("INT64").addShape(1)
                .setContents(InferTensorContents.newBuilder().addInt64Contents(1))).build();
        return new InferenceCall(target, request, Optional.of(id), Map.of(), Optional.of("15s"), "seldon-timeout");
    }

    private static ModelInferResponse answer(String from) {
        return ModelInferResponse.newBuilder().setModelName(from).build();
    }

    private static RecordHeaders headers(String id) {
        RecordHeaders headers = new RecordHeaders();
        SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, id);
        return headers;
    }
}
