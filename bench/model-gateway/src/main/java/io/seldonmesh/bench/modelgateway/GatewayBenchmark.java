package io.seldonmesh.bench.modelgateway;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run, one broker: the same requests through a raw consume-produce loop (the floor: no model, no decoding, just
 * Kafka at-least-once) and through the packaged model-gateway calling the model server's {@code identity} model
 * over gRPC (once as it comes, once with MODELGATEWAY_MAX_BATCH_SIZE=64), both services in their own JVMs with default settings. Prints throughput and end-to-end latency
 * (p50, p99) of both, and the ratios.
 *
 * <p>Arguments: the repository root, then optionally the number of requests for throughput, the number for
 * latency, and the latency request rate per second.
 */
public final class GatewayBenchmark {

    private static final String MODEL = "echo";
    /** The batch limit of the second gateway run: larger than a poll of a busy partition rarely helps. */
    private static final int BATCH = 64;

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int latencyRequests = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        int ratePerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        byte[] request = request();

        try (KafkaBroker broker = KafkaBroker.builder().start();
             ModelServer modelServer = modelServer(root);
             Admin admin = Admin.create(broker.adminProperties());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(broker),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            String bootstrap = broker.bootstrapServers(Listener.PLAINTEXT);

            TopicNames rawTopics = TopicNames.of("seldon", "bench-raw");
            createTopics(admin, rawTopics);
            Result raw;
            try (RawLoop loop = RawLoop.start(broker.clientProperties(Listener.PLAINTEXT),
                    rawTopics.modelInputs(MODEL), rawTopics.modelOutputs(MODEL))) {
                raw = Load.run("raw loop", producer, broker, rawTopics.modelInputs(MODEL), rawTopics.modelOutputs(MODEL),
                        request, requests, latencyRequests, ratePerSecond,
                        Map.of("bench JVM (raw loop + load + reader)", GatewayBenchmark::ownCpu));
            }

            Result gateway = gateway(root, broker, admin, producer, modelServer, "bench-gateway", 1, request,
                    requests, latencyRequests, ratePerSecond);
            Result batching = gateway(root, broker, admin, producer, modelServer, "bench-batching", BATCH, request,
                    requests, latencyRequests, ratePerSecond);
            print(raw, List.of(gateway, batching), requests, latencyRequests, ratePerSecond, request.length);
        }
    }

    /** The packaged gateway in its own namespace, with {@code MODELGATEWAY_MAX_BATCH_SIZE=batch}, under load. */
    private static Result gateway(Path root, KafkaBroker broker, Admin admin, KafkaProducer<byte[], byte[]> producer,
                                  ModelServer modelServer, String namespace, int batch, byte[] request, int requests,
                                  int latencyRequests, int ratePerSecond) throws Exception {
        TopicNames topics = TopicNames.of("seldon", namespace);
        createTopics(admin, topics);
        producer.send(new ProducerRecord<>(topics.statusModels(), new ModelStatusKey(MODEL, "0").toBytes(),
                new ModelStatus(ModelState.AVAILABLE, "1", "bench", null, null, null, Instant.now()).toJson())).get();
        try (QuarkusApp gatewayProcess = service("model-gateway", root, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", topics.namespace(),
                "MODEL_SERVER_PROTOCOL", "grpc",
                "MODEL_SERVER_URL", "127.0.0.1:" + modelServer.grpcPort(),
                "MODELGATEWAY_MAX_BATCH_SIZE", Integer.toString(batch)))) {
            Map<String, Supplier<Duration>> meters = new LinkedHashMap<>();
            meters.put("bench JVM (load + reader)", GatewayBenchmark::ownCpu);
            meters.put("model-gateway", gatewayProcess::cpuTime);
            meters.put("model server", modelServer.process()::cpuTime);
            String name = batch == 1 ? "model-gateway" : "gateway batch " + batch;
            return Load.run(name, producer, broker, topics.modelInputs(MODEL), topics.modelOutputs(MODEL), request,
                    requests, latencyRequests, ratePerSecond, meters);
        }
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static void print(Result raw, List<Result> gateways, int requests, int latencyRequests, int rate, int size) {
        System.out.println();
        System.out.printf(Locale.ROOT, "model-gateway benchmark: %d requests for throughput, %d at %d/s for latency;"
                + " %d-byte protobuf requests, 1 partition, identity model over gRPC, one Kafka broker, all on"
                + " loopback, %d cores%n", requests, latencyRequests, rate, size, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-16s %14s %10s %10s%n", "", "throughput/s", "p50 ms", "p99 ms");
        System.out.printf(Locale.ROOT, "%-20s %14.0f %10.2f %10.2f%n", raw.name(), raw.throughput(), raw.p50Millis(),
                raw.p99Millis());
        for (Result gateway : gateways) {
            System.out.printf(Locale.ROOT, "%-20s %14.0f %10.2f %10.2f   vs raw: %.2fx throughput, p50 %+.2f ms,"
                    + " p99 %+.2f ms%n", gateway.name(), gateway.throughput(), gateway.p50Millis(),
                    gateway.p99Millis(), gateway.throughput() / raw.throughput(), gateway.p50Millis() - raw.p50Millis(),
                    gateway.p99Millis() - raw.p99Millis());
        }
        System.out.printf(Locale.ROOT, "p50 of the latency until the output record was created (its timestamp; the"
                + " input hop and the processing; ms resolution):");
        for (Result result : concat(raw, gateways)) {
            System.out.printf(Locale.ROOT, " %s %.0f ms;", result.name(), result.p50ToOutputCreatedMillis());
        }
        System.out.println();
        System.out.println("CPU per request while working off the backlog:");
        for (Result result : concat(raw, gateways)) {
            System.out.printf(Locale.ROOT, "  %-20s", result.name());
            result.cpuMicrosPerRequest().forEach((process, micros) ->
                    System.out.printf(Locale.ROOT, " %s %.0f us;", process, micros));
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "machine load average at the end: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("command: bench/model-gateway/run " + requests + " " + latencyRequests + " " + rate);
    }

    private static List<Result> concat(Result first, List<Result> rest) {
        List<Result> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static void createTopics(Admin admin, TopicNames topics) throws Exception {
        admin.createTopics(List.of(
                new NewTopic(topics.modelInputs(MODEL), 1, (short) 1),
                new NewTopic(topics.modelOutputs(MODEL), 1, (short) 1),
                new NewTopic(topics.errors(), 1, (short) 1),
                new NewTopic(topics.statusModels(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(topics.controlModels(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();
    }

    private static Map<String, Object> producerProperties(KafkaBroker broker) {
        Map<String, Object> properties = new HashMap<>(broker.clientProperties(Listener.PLAINTEXT));
        properties.put("linger.ms", 0);
        properties.put("acks", "all");
        return properties;
    }

    /** A small request, as a typical tabular model gets: 16 FP32 values. */
    private static byte[] request() {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < 16; i++) {
            contents.addFp32Contents(i);
        }
        return ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addShape(1).addShape(16).setContents(contents))
                .build().toByteArray();
    }

    /** The packaged model server with the identity model, and its gRPC port. */
    private record ModelServer(QuarkusApp process, int grpcPort) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private static ModelServer modelServer(Path root) throws IOException, InterruptedException {
        Path models = Files.createTempDirectory("bench-models");
        Files.createDirectories(models.resolve(MODEL).resolve("1"));
        Files.writeString(models.resolve(MODEL).resolve("1").resolve("model-settings.json"),
                "{\"implementation\": \"identity\"}");
        int grpcPort = FreePort.next();
        return new ModelServer(service("model-server", root, Map.of(
                "MODELS_ROOT", models.toString(),
                "MODELS_LOAD_AT_STARTUP", "*",
                "GRPC_PORT", Integer.toString(grpcPort),
                "GRPC_HOST", "127.0.0.1")), grpcPort);
    }

    /** A packaged service of this repository with full JIT compilation: the throughput it would have in production. */
    private static QuarkusApp service(String module, Path root, Map<String, String> environment) {
        return QuarkusApp.builder(module, root.resolve(module).resolve("target/quarkus-app"))
                .environment(environment)
                .maxHeap("512m")
                .fullJit()
                .startTimeout(Duration.ofSeconds(120))
                .start();
    }

}
