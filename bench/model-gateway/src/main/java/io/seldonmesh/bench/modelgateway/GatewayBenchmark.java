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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run, one broker: the same requests through a raw consume-produce loop (the floor: no model, no decoding, just
 * Kafka at-least-once) and through the packaged model-gateway calling the model server's {@code identity} model
 * over gRPC (once as it comes, once with MODELGATEWAY_MAX_BATCH_SIZE=64), the services in their own JVMs with default
 * settings. The three take turns for a number of rounds; prints throughput and end-to-end latency (p50, p99) per
 * round, their medians, the CPU each process spent per request, and the ratios to the raw loop.
 *
 * <p>Arguments: the repository root, then optionally the number of requests for throughput, the number for
 * latency, the latency request rate per second, and the number of rounds.
 */
public final class GatewayBenchmark {

    private static final String MODEL = "echo";
    /** The batch limit of the second gateway run: larger than a poll of a busy partition rarely helps. */
    private static final int BATCH = 64;
    private static final int SETTLING_ROUNDS = 2;
    /** Extra environment for both gateway processes; see {@link #extraEnvironment}. */
    private static final String EXTRA_ENVIRONMENT = "BENCH_GATEWAY_ENV";

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int latencyRequests = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int ratePerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        byte[] request = request();

        // A production broker runs C2 code; one limited to C1 would make every hop, and so the floor, slower.
        try (KafkaBroker broker = KafkaBroker.builder().fullJit().start();
             ModelServer modelServer = modelServer(root);
             Admin admin = Admin.create(broker.adminProperties());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(broker),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            TopicNames rawTopics = TopicNames.of("seldon", "bench-raw");
            createTopics(admin, rawTopics);
            TopicNames gatewayTopics = TopicNames.of("seldon", "bench-gateway");
            TopicNames batchingTopics = TopicNames.of("seldon", "bench-batching");
            try (RawLoop loop = RawLoop.start(broker.clientProperties(Listener.PLAINTEXT),
                    rawTopics.modelInputs(MODEL), rawTopics.modelOutputs(MODEL));
                 QuarkusApp gateway = gateway(root, broker, admin, producer, modelServer, gatewayTopics, 1);
                 QuarkusApp batching = gateway(root, broker, admin, producer, modelServer, batchingTopics, BATCH)) {
                List<Contender> contenders = List.of(
                        new Contender("raw loop", rawTopics, meters(broker, "bench JVM (raw loop + load + reader)"),
                                Optional.empty()),
                        new Contender("model-gateway", gatewayTopics, meters(broker, "bench JVM (load + reader)",
                                gateway, modelServer.process()), Optional.of(new GatewayHistogram(gateway.baseUri()))),
                        new Contender("gateway batch " + BATCH, batchingTopics, meters(broker, "bench JVM (load + reader)",
                                batching, modelServer.process()), Optional.of(new GatewayHistogram(batching.baseUri()))));
                // Rounds take turns, so a broker still compiling or a noisy minute weighs on every system alike.
                // The backlogs come first: right after one, a system needs ~20 s of steady traffic to get back to
                // its steady latency, so the latency rounds follow all of them, after settling rounds (not counted).
                Map<String, List<Load.Throughput>> throughput = new LinkedHashMap<>();
                for (int round = 1; round <= rounds; round++) {
                    for (Contender contender : contenders) {
                        throughput.computeIfAbsent(contender.name(), n -> new ArrayList<>()).add(Load.throughput(
                                contender.name() + " (round " + round + "/" + rounds + ")", producer, broker,
                                contender.topics().modelInputs(MODEL), contender.topics().modelOutputs(MODEL), request,
                                requests, contender.meters()));
                    }
                }
                Map<String, List<Load.Latency>> settling = new LinkedHashMap<>();
                Map<String, List<Load.Latency>> latency = new LinkedHashMap<>();
                for (int round = 1 - SETTLING_ROUNDS; round <= rounds; round++) {
                    for (Contender contender : contenders) {
                        String name = contender.name() + (round < 1 ? " (settling, not counted)"
                                : " (round " + round + "/" + rounds + ")");
                        (round < 1 ? settling : latency).computeIfAbsent(contender.name(), n -> new ArrayList<>())
                                .add(Load.latency(name, producer, broker, contender.topics().modelInputs(MODEL),
                                        contender.topics().modelOutputs(MODEL), request, latencyRequests,
                                        ratePerSecond, contender.histogram()));
                    }
                }
                Map<String, List<Result>> results = new LinkedHashMap<>();
                throughput.forEach((name, rows) -> {
                    List<Result> combined = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        combined.add(Result.of(name, rows.get(i), latency.get(name).get(i)));
                    }
                    results.put(name, combined);
                });
                Report.print(results, settling, requests, latencyRequests, ratePerSecond, rounds, request.length);
            }
        }
    }

    /** One system under test: where its requests go and the processes whose CPU it uses. */
    private record Contender(String name, TopicNames topics, Map<String, Supplier<Duration>> meters,
                             Optional<GatewayHistogram> histogram) {
    }

    private static Map<String, Supplier<Duration>> meters(KafkaBroker broker, String benchJvm, QuarkusApp... services) {
        Map<String, Supplier<Duration>> meters = new LinkedHashMap<>();
        meters.put(benchJvm, GatewayBenchmark::ownCpu);
        for (QuarkusApp service : services) {
            meters.put(service.name(), service::cpuTime);
        }
        meters.put("broker", broker::cpuTime);
        return meters;
    }

    /** The packaged gateway in its own namespace, with {@code MODELGATEWAY_MAX_BATCH_SIZE=batch}. */
    private static QuarkusApp gateway(Path root, KafkaBroker broker, Admin admin, KafkaProducer<byte[], byte[]> producer,
                                      ModelServer modelServer, TopicNames topics, int batch) throws Exception {
        createTopics(admin, topics);
        producer.send(new ProducerRecord<>(topics.statusModels(), new ModelStatusKey(MODEL, "0").toBytes(),
                new ModelStatus(ModelState.AVAILABLE, "1", "bench", null, null, null, Instant.now()).toJson())).get();
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", topics.namespace(),
                "MODEL_SERVER_PROTOCOL", "grpc",
                "MODEL_SERVER_URL", "127.0.0.1:" + modelServer.grpcPort(),
                "MODELGATEWAY_MAX_BATCH_SIZE", Integer.toString(batch)));
        env.putAll(extraEnvironment(System.getenv(EXTRA_ENVIRONMENT)));
        return service("model-gateway", root, env);
    }

    /**
     * {@code NAME=value} pairs separated by blanks, for trying a setting on both gateways (a producer property such as
     * {@code KAFKA_PRODUCER_LINGER_MS=1}, or {@code JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=...} for a profile).
     */
    static Map<String, String> extraEnvironment(String pairs) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (pairs == null || pairs.isBlank()) {
            return environment;
        }
        for (String pair : pairs.trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(EXTRA_ENVIRONMENT + ": '" + pair + "' is not NAME=value");
            }
            environment.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return environment;
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
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
