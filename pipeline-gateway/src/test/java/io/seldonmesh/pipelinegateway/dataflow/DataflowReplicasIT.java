package io.seldonmesh.pipelinegateway.dataflow;

import static io.seldonmesh.pipelinegateway.dataflow.PipelineDataflowIT.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.testkit.QuarkusApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The dataflow as its own deployment: one ingress replica and two dataflow replicas splitting a joining pipeline's
 * partitions; one dataflow replica is killed with {@code kill -9} mid-stream, and every request is still answered
 * (its partitions move to the other replica, which restores the joins' state from the changelog and reads again
 * from the last commit). At-least-once may answer a request twice (the ingress keeps the first and counts the
 * others); exactly-once never does.
 */
class DataflowReplicasIT {

    private static final int REQUESTS = 400;
    private static final int KILL_AFTER = 120;

    @Test
    void killedDataflowReplicaLosesNoRequest() throws Exception {
        Result result = runWithAKill(Map.of());

        assertThat(result.failures()).as("requests without their answer").isEmpty();
        System.out.printf("at-least-once: %d requests answered, %d duplicate answers ignored by the ingress%n",
                REQUESTS, result.duplicates());
    }

    @Test
    void exactlyOnceDataflowAnswersEachRequestOnceAcrossAKill() throws Exception {
        Result result = runWithAKill(Map.of("SELDON_DATAFLOW_PROCESSING_GUARANTEE", "exactly_once_v2"));

        assertThat(result.failures()).as("requests without their answer").isEmpty();
        assertThat(result.duplicates()).as("duplicate answers").isZero();
    }

    private record Result(List<String> failures, long duplicates) {
    }

    private static Result runWithAKill(Map<String, String> dataflowSettings) throws Exception {
        try (DataflowStack stack = new DataflowStack().startModels()) {
            QuarkusApp ingress = stack.startGateway("ingress", Map.of());
            QuarkusApp survivor = stack.startGateway("dataflow", dataflowSettings);
            QuarkusApp victim = stack.startGateway("dataflow", dataflowSettings);
            stack.models("tfsimple1", "tfsimple2", "tfsimple3");
            stack.pipeline("join", pipeline("join", """
                      steps:
                      - name: tfsimple1
                      - name: tfsimple2
                      - name: tfsimple3
                        inputs: [tfsimple1.outputs.OUTPUT0, tfsimple2.outputs.OUTPUT1]
                        tensorMap: {tfsimple1.outputs.OUTPUT0: INPUT0, tfsimple2.outputs.OUTPUT1: INPUT1}
                      output: {steps: [tfsimple3]}
                    """));

            ExecutorService clients = Executors.newFixedThreadPool(8);
            AtomicInteger answered = new AtomicInteger();
            List<CompletableFuture<String>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < REQUESTS; i++) {
                    int value = i;
                    outcomes.add(CompletableFuture.supplyAsync(() -> {
                        HttpResponse<String> answer = stack.infer(ingress, "join", request(value),
                                Map.of("seldon-timeout", "90s", "x-request-id", "kill-" + value));
                        answered.incrementAndGet();
                        return check(answer, value);
                    }, clients));
                    if (i == KILL_AFTER) {
                        while (answered.get() < KILL_AFTER / 2) {
                            Thread.sleep(10);
                        }
                        assertThat(recordsTaken(stack, victim)).as("the replica killed was running part of the"
                                + " pipeline").isPositive();
                        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
                    }
                    Thread.sleep(20);
                }
                List<String> failures = new ArrayList<>();
                for (CompletableFuture<String> outcome : outcomes) {
                    String problem = outcome.get(180, TimeUnit.SECONDS);
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
                return new Result(failures, unmatchedAnswers(stack, ingress));
            } finally {
                clients.shutdownNow();
                assertThat(survivor.pid()).isPositive();
            }
        }
    }

    /** Null when the join's answer is right: OUTPUT0 = 2 × value, OUTPUT1 = 2 × value. */
    private static String check(HttpResponse<String> answer, int value) {
        if (answer.statusCode() != 200) {
            return value + ": " + answer.statusCode() + " " + answer.body();
        }
        List<Tensor> outputs = Tensors.outputs(V2Json.parseResponse(answer.body()));
        int expected = 2 * value;
        boolean right = outputs.size() == 2 && outputs.get(0).ints()[0] == expected
                && outputs.get(1).ints()[0] == expected;
        return right ? null : value + ": wrong answer " + answer.body();
    }

    /** tfsimple's shape is [1,16]: the value sixteen times. */
    private static String request(int value) {
        String data = String.join(",", java.util.Collections.nCopies(16, Integer.toString(value)));
        return "{\"inputs\":[{\"name\":\"INPUT0\",\"data\":[" + data + "],\"datatype\":\"INT32\",\"shape\":[1,16]},"
                + "{\"name\":\"INPUT1\",\"data\":[" + data + "],\"datatype\":\"INT32\",\"shape\":[1,16]}]}";
    }

    private static long unmatchedAnswers(DataflowStack stack, QuarkusApp ingress) {
        return metric(stack, ingress, "seldon_gateway_answers_unmatched_total");
    }

    private static long recordsTaken(DataflowStack stack, QuarkusApp dataflow) {
        return metric(stack, dataflow, "seldon_dataflow_records_in_total");
    }

    private static long metric(DataflowStack stack, QuarkusApp app, String name) {
        return stack.body(app, "/q/metrics").lines().filter(line -> line.startsWith(name))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
