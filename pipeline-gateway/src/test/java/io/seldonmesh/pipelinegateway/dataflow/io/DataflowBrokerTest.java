package io.seldonmesh.pipelinegateway.dataflow.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.ModelResponder;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.InferenceCall;
import io.seldonmesh.pipelinegateway.core.Reply;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowSettings;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dataflow on the real broker, in this JVM with the ingress, the models played by responders. */
class DataflowBrokerTest {

    private static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);

    @Test
    void twoStepChainAnswersThroughTheRealBroker() throws Exception {
        String namespace = "dataflow-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaClientFactory clients = KafkaClientFactory.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP,
                "SELDON_NAMESPACE", namespace, "KAFKA_TOPICS_NUM_PARTITIONS", "2"));
        TopicNames topics = TopicNames.from(clients.settings());
        Catalog catalog = new Catalog();
        DataflowSettings settings = new DataflowSettings(Duration.ofSeconds(60), false, Duration.ofSeconds(1),
                Files.createTempDirectory("dataflow-test"), Duration.ofMillis(20));
        try (Dataflow dataflow = new Dataflow(clients, catalog, settings, new SimpleMeterRegistry());
             KafkaGateway gateway = new KafkaGateway(clients, catalog, new TimeoutPolicy(Duration.ofSeconds(20),
                     Duration.ofSeconds(60)), 100, StepScanLimits.DEFAULT, new SimpleMeterRegistry(), true);
             StatusWriter status = new StatusWriter(BOOTSTRAP, topics)) {
            gateway.listen(dataflow);
            gateway.start();
            Eventually.until(Duration.ofSeconds(30), () -> "gateway ready: " + gateway.notReadyBecause(),
                    () -> gateway.notReadyBecause().isEmpty());
            for (String model : new String[] {"a", "b"}) {
                gateway.specs().publish(Model.parse(Declarations.modelYaml(model)));
                status.model(model, ModelState.AVAILABLE, null);
            }
            ModelResponder a = ModelResponder.echo(BOOTSTRAP, "a", topics.modelInputs("a"), topics.modelOutputs("a"));
            ModelResponder b = ModelResponder.echo(BOOTSTRAP, "b", topics.modelInputs("b"), topics.modelOutputs("b"));
            gateway.specs().publish(Pipeline.parse(Declarations.chainYaml("chain", "a", "b")));
            Eventually.until(Duration.ofSeconds(60), () -> "pipeline ready: "
                            + catalog.availability(Target.pipeline("chain")),
                    () -> catalog.availability(Target.pipeline("chain")).isReady());
            assertThat(catalog.pipelineStatus("chain").orElseThrow().state()).isEqualTo(PipelineState.READY);
            assertThat(catalog.pipelineStatus("chain").orElseThrow().version()).isEqualTo(1L);

            ModelInferRequest request = ModelInferRequest.newBuilder().addInputs(ModelInferRequest.InferInputTensor
                    .newBuilder().setName("x").setDatatype("INT64").addShape(1)
                    .setContents(InferTensorContents.newBuilder().addInt64Contents(42))).build();
            Reply reply = gateway.ingress().infer(new InferenceCall(Target.pipeline("chain"), request, Optional.of("r-1"),
                    Map.of(), Optional.of("10s"), "seldon-timeout")).get(15, TimeUnit.SECONDS);

            assertThat(reply.response().getOutputs(0).getContents().getInt64Contents(0)).isEqualTo(42);
            assertThat(a.received()).hasSize(1);
            assertThat(b.received()).hasSize(1);
            a.close();
            b.close();
        }
    }
}
