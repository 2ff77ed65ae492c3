package io.seldonmesh.bench.pipelinegateway;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One broker and the services, packaged, every JVM with full JIT (testkit's launcher keeps child JVMs on C1 for
 * fast tests, which would understate every service): model-server serving an identity model under each name the
 * bench calls, pipeline-gateway (ingress and dataflow, its default roles), and model-gateway (gRPC to model-server),
 * or with {@code BENCH_MODEL_SIDE=echo} an echo of each model's topic in this JVM instead of model-gateway. Started,
 * the model {@code identity} and the {@link BenchPipeline}s are declared and have answered once.
 */
final class BenchStack implements AutoCloseable {

    /** The request every path sends, as V2 JSON (the raw Kafka paths send its protobuf). */
    static final String REQUEST = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1,2,3,4]}]}";
    private static final String MODEL = "identity";
    private static final String NAMESPACE = "bench";

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<QuarkusApp> services = new ArrayList<>();
    private KafkaBroker broker;
    private QuarkusApp gateway;
    private QuarkusApp modelServer;

    static BenchStack start(Path root, BenchOptions options) throws Exception {
        BenchStack stack = new BenchStack();
        try {
            stack.launch(root, options);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void launch(Path root, BenchOptions options) throws Exception {
        List<String> models = new ArrayList<>(List.of(MODEL));
        Arrays.stream(BenchPipeline.values()).forEach(pipeline -> models.addAll(pipeline.models()));
        startServices(root, options, models);
        declare(options, models);
    }

    private void startServices(Path root, BenchOptions options, List<String> models) throws Exception {
        // A production broker runs C2 code; one limited to C1 would make the raw paths, and so the bounds, slower.
        broker = keep(KafkaBroker.builder().fullJit().start());
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap(), "SELDON_NAMESPACE", NAMESPACE);

        int modelServerGrpc = FreePort.next();
        Path modelsRoot = IdentityModels.write(root.resolve("bench/pipeline-gateway/target/models"), models);
        modelServer = keep(service("model-server", root, Map.of(
                "MODELS_ROOT", modelsRoot.toString(),
                "MODELS_LOAD_AT_STARTUP", String.join(",", models),
                "GRPC_PORT", Integer.toString(modelServerGrpc),
                "GRPC_HOST", "127.0.0.1")));
        Map<String, String> gatewayEnvironment = new HashMap<>(kafka);
        gatewayEnvironment.put("GRPC_PORT", "0");
        gatewayEnvironment.put("GRPC_HOST", "127.0.0.1");
        gatewayEnvironment.putAll(options.gatewayEnvironment());
        gateway = keep(service("pipeline-gateway", root, gatewayEnvironment));
        services.add(gateway);
        if (!options.echoModels()) {
            Map<String, String> modelGateway = new HashMap<>(kafka);
            modelGateway.put("MODEL_SERVER_URL", "127.0.0.1:" + modelServerGrpc);
            modelGateway.put("MODEL_SERVER_PROTOCOL", "grpc");
            services.add(keep(service("model-gateway", root, modelGateway)));
            services.add(modelServer);
        }
    }

    /** What a user would do: declare the models and pipelines; then each answers once before anything is timed. */
    private void declare(BenchOptions options, List<String> models) throws Exception {
        ControlApi control = new ControlApi(gateway.baseUri(), bootstrap(), topics());
        control.declareModel(MODEL);
        for (BenchPipeline pipeline : BenchPipeline.values()) {
            control.declarePipeline(pipeline);
        }
        if (options.echoModels()) {
            // after the declarations, which create the models' topics
            for (String model : models) {
                keep(new EchoModel(clientProperties(), topics().modelInputs(model), topics().modelOutputs(model), 1));
            }
        }
        control.awaitAnswer(model(), REQUEST, options.modelSide());
        for (BenchPipeline pipeline : BenchPipeline.values()) {
            control.awaitAnswer(pipeline(pipeline), REQUEST, options.modelSide());
        }
    }

    /** The single-model path: REST to pipeline-gateway, which writes the request to the model's topic. */
    HttpTarget model() {
        return HttpTarget.model(gateway.baseUri(), MODEL);
    }

    HttpTarget direct() {
        return HttpTarget.model(modelServer.baseUri(), MODEL);
    }

    HttpTarget pipeline(BenchPipeline pipeline) {
        return HttpTarget.pipeline(gateway.baseUri(), pipeline.pipelineName());
    }

    private String bootstrap() {
        return broker.bootstrapServers(Listener.PLAINTEXT);
    }

    Map<String, Object> clientProperties() {
        return broker.clientProperties(Listener.PLAINTEXT);
    }

    private TopicNames topics() {
        return TopicNames.of("seldon", NAMESPACE);
    }

    /** CPU time used so far by each process on the paths through the services, the broker and this JVM. */
    Map<String, Duration> cpu() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        services.forEach(service -> cpu.put(service.name(), service.cpuTime()));
        cpu.put("kafka broker", broker.cpuTime());
        cpu.put("bench (load)", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return cpu;
    }

    /** Something to stop with the stack, last started first stopped. */
    private <T extends AutoCloseable> T keep(T closeable) {
        running.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private static QuarkusApp service(String module, Path root, Map<String, String> environment) {
        return QuarkusApp.builder(module, root.resolve(module).resolve("target/quarkus-app"))
                .environment(environment)
                .maxHeap("512m")
                .fullJit()
                .startTimeout(Duration.ofSeconds(120))
                .start();
    }
}
