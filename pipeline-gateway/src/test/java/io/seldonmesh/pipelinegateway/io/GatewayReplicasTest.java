package io.seldonmesh.pipelinegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.ModelResponder;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.pipelinegateway.core.InferenceCall;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.Reply;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several gateway replicas side by side on a real broker, each a full {@link KafkaGateway} in this JVM: they
 * divide the partitions, and each reads only the answers to its own requests.
 */
class GatewayReplicasTest {

    private static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);

    @Test
    void twoReplicasDivideThePartitionsAndEachGetsOnlyItsOwnAnswers() throws Exception {
        String namespace = namespace();
        try (KafkaGateway first = gateway(namespace, 2); KafkaGateway second = gateway(namespace, 2);
             StatusWriter status = new StatusWriter(BOOTSTRAP, TopicNames.of("seldon", namespace))) {
            awaitReady(first);
            awaitReady(second);
            assertThat(first.ownership().held()).hasSize(1);
            assertThat(second.ownership().held()).hasSize(1).doesNotContainAnyElementsOf(first.ownership().held());

            declareEcho(first, status, second);
            try (ModelResponder echo = ModelResponder.echo(BOOTSTRAP, "echo", first.topics().modelInputs("echo"),
                    first.topics().modelOutputs("echo"))) {
                List<CompletableFuture<Reply>> firstReplies = send(first, 0, 20);
                List<CompletableFuture<Reply>> secondReplies = send(second, 1_000, 20);

                assertEchoed(firstReplies, 0);
                assertEchoed(secondReplies, 1_000);
                int firstPartition = first.ownership().held().iterator().next();
                int secondPartition = second.ownership().held().iterator().next();
                assertThat(echo.receivedOn(firstPartition)).isEqualTo(20);
                assertThat(echo.receivedOn(secondPartition)).isEqualTo(20);
                assertThat(first.unmatchedAnswers()).isZero();
                assertThat(second.unmatchedAnswers()).isZero();
            }
        }
    }

    @Test
    void replicaThatLeavesHandsItsPartitionsToTheOthers() throws Exception {
        String namespace = namespace();
        try (KafkaGateway staying = gateway(namespace, 2);
             StatusWriter status = new StatusWriter(BOOTSTRAP, TopicNames.of("seldon", namespace))) {
            try (KafkaGateway leaving = gateway(namespace, 2)) {
                awaitReady(staying);
                awaitReady(leaving);
                assertThat(staying.ownership().held()).hasSize(1);
            }
            Eventually.until(Duration.ofSeconds(20), () -> "staying replica holds " + staying.ownership().held(),
                    () -> staying.ownership().held().equals(Set.of(0, 1)));

            declareEcho(staying, status);
            try (ModelResponder echo = ModelResponder.echo(BOOTSTRAP, "echo", staying.topics().modelInputs("echo"),
                    staying.topics().modelOutputs("echo"))) {
                assertEchoed(send(staying, 0, 10), 0);
                assertThat(echo.receivedOn(0)).isPositive();
                assertThat(echo.receivedOn(1)).isPositive();
            }
        }
    }

    @Test
    void replicaWithoutAPartitionIsNotReadyAndSaysWhy() throws Exception {
        String namespace = namespace();
        try (KafkaGateway first = gateway(namespace, 1);
             StatusWriter status = new StatusWriter(BOOTSTRAP, TopicNames.of("seldon", namespace))) {
            awaitReady(first);
            try (KafkaGateway second = gateway(namespace, 1)) {
                Eventually.until(Duration.ofSeconds(15), () -> "second replica says why: " + second.notReadyBecause(),
                        () -> second.notReadyBecause().size() == 1
                                && second.notReadyBecause().get(0).contains("holds no partition"));
                assertThat(second.notReadyBecause().get(0)).contains("raise KAFKA_TOPICS_NUM_PARTITIONS");

                declareEcho(first, status, second);
                CompletableFuture<Reply> refused = second.ingress().infer(call(1, Optional.empty()));
                InferenceFailure failure = failureOf(refused);
                assertThat(failure.reason()).isEqualTo(InferenceFailure.Reason.NOT_READY);
                assertThat(failure.getMessage()).contains("holds none of the 1 partition(s)");
            }
        }
    }

    private static void declareEcho(KafkaGateway writer, StatusWriter status, KafkaGateway... others) {
        writer.specs().publish(Model.parse(Declarations.modelYaml("echo")));
        status.model("echo", ModelState.AVAILABLE, null);
        List<KafkaGateway> all = new ArrayList<>(List.of(others));
        all.add(writer);
        for (KafkaGateway gateway : all) {
            Eventually.until(Duration.ofSeconds(10), () -> "echo available on every replica",
                    () -> gateway.catalog().availability(Target.model("echo")).isReady());
        }
    }

    private static List<CompletableFuture<Reply>> send(KafkaGateway gateway, int first, int count) {
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            replies.add(gateway.ingress().infer(call(i, Optional.of("10s"))));
        }
        return replies;
    }

    private static InferenceCall call(int value, Optional<String> timeout) {
        ModelInferRequest request = ModelInferRequest.newBuilder().addInputs(ModelInferRequest.InferInputTensor
                .newBuilder().setName("x").setDatatype("INT64").addShape(1)
                .setContents(InferTensorContents.newBuilder().addInt64Contents(value))).build();
        return new InferenceCall(Target.model("echo"), request, Optional.empty(), Map.of(), timeout, "seldon-timeout");
    }

    private static void assertEchoed(List<CompletableFuture<Reply>> replies, int first) throws Exception {
        Set<Long> values = new HashSet<>();
        for (CompletableFuture<Reply> reply : replies) {
            values.add(reply.get(15, TimeUnit.SECONDS).response().getOutputs(0).getContents().getInt64Contents(0));
        }
        Set<Long> expected = new HashSet<>();
        for (int i = first; i < first + replies.size(); i++) {
            expected.add((long) i);
        }
        assertThat(values).isEqualTo(expected);
    }

    private static InferenceFailure failureOf(CompletableFuture<Reply> reply) throws Exception {
        try {
            reply.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            return (InferenceFailure) cause;
        }
    }

    private static void awaitReady(KafkaGateway gateway) {
        Eventually.until(Duration.ofSeconds(20), () -> "replica ready: " + gateway.notReadyBecause(),
                () -> gateway.notReadyBecause().isEmpty());
    }

    private static KafkaGateway gateway(String namespace, int partitions) {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP,
                "SELDON_NAMESPACE", namespace,
                "KAFKA_TOPICS_NUM_PARTITIONS", Integer.toString(partitions));
        KafkaGateway gateway = new KafkaGateway(KafkaClientFactory.fromEnvironment(environment), new TimeoutPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60)), 100, StepScanLimits.DEFAULT, new SimpleMeterRegistry());
        gateway.start();
        return gateway;
    }

    private static String namespace() {
        return "replicas-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
