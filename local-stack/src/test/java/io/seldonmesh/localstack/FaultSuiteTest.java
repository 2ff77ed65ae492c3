package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.localstack.FaultTally.Outcome;
import io.seldonmesh.testkit.QuarkusApp;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault table (issue 24): the whole local stack as real processes, a steady stream of inference requests through
 * pipeline-gateway to the iris model, and one fault per scenario in the middle of it. Each row says what the stream
 * saw: sent, answered, clear errors (with their reasons), lost (must be 0), duplicate answers on the outputs topic,
 * and the time from the fault to answers again. The table is printed at the end; every scenario is bounded.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final Duration STREAM = Duration.ofSeconds(25);
    private static final Duration FAULT_AT = Duration.ofSeconds(3);
    private static final int REQUESTS_PER_SECOND = 20;
    private static final String REQUEST = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final List<FaultTally.Row> ROWS = new CopyOnWriteArrayList<>();
    /** terminationGracePeriodSeconds of each service's pod in deploy/ (model-server and model-fetcher share one). */
    private static final Map<String, Duration> GRACE_PERIODS = Map.of("model-gateway", Duration.ofSeconds(40),
            "model-server", Duration.ofSeconds(45), "model-fetcher", Duration.ofSeconds(45),
            "secret-sync", Duration.ofSeconds(30));
    private static final Map<String, Duration> STOPPED_IN = new ConcurrentHashMap<>();

    private static Stack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheStackWithTheDemoModel() {
        Map<String, String> env = Map.of("LOCAL_STACK_DIR", Path.of("target", "fault-suite").toString(),
                "LOCAL_FIXED_PORTS", "false", "LOCAL_STACK_EXIT_AFTER_DEMO", "true");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        stack = new Stack(StackSettings.fromEnvironment(env), new Progress(out));
        stack.start();
        new Demo(stack, out).run();
    }

    @AfterAll
    static void printTheTable() {
        if (stack != null) {
            stack.close();
        }
        System.out.println("\nFault table (local stack, " + REQUESTS_PER_SECOND + " req/s for " + STREAM.toSeconds()
                + " s, fault at " + FAULT_AT.toSeconds() + " s):\n" + FaultTally.Row.header() + "\n"
                + ROWS.stream().map(FaultTally.Row::line).collect(Collectors.joining("\n")) + "\n"
                + "SIGTERM to exit: " + STOPPED_IN.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms (grace "
                                + GRACE_PERIODS.get(e.getKey()).toSeconds() + " s)")
                        .collect(Collectors.joining(", ")) + "\n");
    }

    @Test
    @Order(1)
    void killOfModelGateway() throws Exception {
        scenario("kill -9 model-gateway (restarted by the stack)", () -> killForcibly(stack.service("model-gateway")));
    }

    @Test
    @Order(2)
    void sigtermOfModelGateway() throws Exception {
        scenario("SIGTERM model-gateway (restarted by the stack)", () -> terminate("model-gateway"));
        assertStoppedWithinItsGracePeriod("model-gateway");
    }

    @Test
    @Order(3)
    void killOfModelFetcher() throws Exception {
        scenario("kill -9 model-fetcher (restarted by the stack)", () -> killForcibly(stack.service("model-fetcher")));
    }

    @Test
    @Order(4)
    void killOfModelServerWhichComesBackEmpty() throws Exception {
        scenario("kill -9 model-server (restarted empty; fetcher reloads)",
                () -> killForcibly(stack.service("model-server")));
    }

    @Test
    @Order(5)
    void sigtermOfModelServer() throws Exception {
        scenario("SIGTERM model-server (restarted empty; fetcher reloads)", () -> terminate("model-server"));
        assertStoppedWithinItsGracePeriod("model-server");
    }

    @Test
    @Order(6)
    void sigtermOfModelFetcher() throws Exception {
        scenario("SIGTERM model-fetcher (restarted by the stack)", () -> terminate("model-fetcher"));
        assertStoppedWithinItsGracePeriod("model-fetcher");
    }

    @Test
    @Order(7)
    void sigtermOfSecretSync() throws Exception {
        scenario("SIGTERM secret-sync (restarted by the stack)", () -> terminate("secret-sync"));
        assertStoppedWithinItsGracePeriod("secret-sync");
    }

    /** SIGTERM, as Kubernetes stops a pod; the time to exit is kept for the grace-period check. */
    private static void terminate(String service) {
        ProcessHandle process = ProcessHandle.of(stack.service(service).pid()).orElseThrow();
        long sent = System.nanoTime();
        process.onExit().thenRun(() -> STOPPED_IN.put(service, Duration.ofNanos(System.nanoTime() - sent)));
        process.destroy();
    }

    private static void assertStoppedWithinItsGracePeriod(String service) {
        assertThat(STOPPED_IN.get(service)).as(service + " exited after SIGTERM").isNotNull()
                .isLessThan(GRACE_PERIODS.get(service));
    }

    private void scenario(String name, Runnable fault) throws Exception {
        TopicNames topics = TopicNames.from(SeldonKafkaSettings.fromEnvironment(Map.of(
                SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS, stack.kafkaBootstrap())));
        try (KafkaConsumer<byte[], byte[]> outputs = outputsFromNow(topics.modelOutputs("iris"))) {
            List<CompletableFuture<Outcome>> sent = new ArrayList<>();
            long start = System.nanoTime();
            boolean faulted = false;
            long faultMillis = FAULT_AT.toMillis();
            for (int i = 0; i < STREAM.toSeconds() * REQUESTS_PER_SECOND; i++) {
                long due = start + i * 1_000_000_000L / REQUESTS_PER_SECOND;
                sleepUntil(due);
                if (!faulted && System.nanoTime() - start >= FAULT_AT.toNanos()) {
                    faultMillis = (System.nanoTime() - start) / 1_000_000;
                    fault.run();
                    faulted = true;
                }
                sent.add(send("fault-" + UUID.randomUUID(), (System.nanoTime() - start) / 1_000_000));
            }
            List<Outcome> outcomes = sent.stream().map(CompletableFuture::join).toList();
            Set<String> ids = new HashSet<>();
            outcomes.forEach(o -> ids.add(o.requestId()));
            FaultTally.Row row = FaultTally.tally(name, outcomes, faultMillis, duplicates(outputs, ids));
            ROWS.add(row);
            System.out.println(FaultTally.Row.header() + "\n" + row.line());
            assertThat(row.lost()).as("requests lost in '" + name + "': " + row.errorsSeen()).isZero();
            assertThat(row.recovery()).as("answers again after '" + name + "'").isNotNull();
        }
    }

    private CompletableFuture<Outcome> send(String id, long sentMillis) {
        URI uri = stack.service("pipeline-gateway").baseUri().resolve("/v2/models/iris/infer");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(45))
                .header("content-type", "application/json").header("x-request-id", id)
                .header("seldon-timeout", "30s").POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Outcome(id, sentMillis, response.statusCode(), response.body()))
                .exceptionally(error -> new Outcome(id, sentMillis, Outcome.NO_ANSWER, String.valueOf(error)));
    }

    /** Answers written more than once for one of {@code ids}: at-least-once delivery after a kill. */
    private static int duplicates(KafkaConsumer<byte[], byte[]> outputs, Set<String> ids) {
        Map<String, Integer> seen = new HashMap<>();
        long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < quiet) {
            for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(200))) {
                SeldonHeaders.requestId(record.headers()).filter(ids::contains)
                        .ifPresent(id -> seen.merge(id, 1, Integer::sum));
                quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            }
        }
        return seen.values().stream().mapToInt(count -> count - 1).sum();
    }

    private static KafkaConsumer<byte[], byte[]> outputsFromNow(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void killForcibly(QuarkusApp app) {
        ProcessHandle.of(app.pid()).orElseThrow().destroyForcibly();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
