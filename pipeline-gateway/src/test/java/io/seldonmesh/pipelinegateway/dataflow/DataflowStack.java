package io.seldonmesh.pipelinegateway.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real path of a pipeline, every service packaged and run as a child process on the shared broker: model-server
 * (the built-ins in {@code src/test/resources/dataflow-models}, loaded at start), model-gateway (gRPC to it), and
 * pipeline-gateway replicas (ingress, dataflow or both). Models are declared through the control API and reported
 * Available as a model-fetcher would; pipelines go through the control API as a user's would.
 */
public final class DataflowStack implements AutoCloseable {

    public static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);
    private static final Path MODELS = Path.of("src/test/resources/dataflow-models").toAbsolutePath();

    private final String namespace = "flow-" + UUID.randomUUID().toString().substring(0, 8);
    private final TopicNames topics = TopicNames.of("seldon", namespace);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<QuarkusApp> gateways = new ArrayList<>();
    private final Map<QuarkusApp, Integer> grpcPorts = new HashMap<>();
    private final StatusWriter status = new StatusWriter(BOOTSTRAP, topics);
    private QuarkusApp modelServer;
    private int modelServerGrpc;

    public TopicNames topics() {
        return topics;
    }

    public String namespace() {
        return namespace;
    }

    public Map<String, String> kafka() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP, "SELDON_NAMESPACE", namespace,
                "KAFKA_TOPICS_NUM_PARTITIONS", "2");
    }

    public DataflowStack startModels() {
        return startModels(Map.of());
    }

    /** model-server and model-gateway, both with {@code settings} added to their environment. */
    public DataflowStack startModels(Map<String, String> settings) {
        modelServerGrpc = FreePort.next();
        modelServer = keep(QuarkusApp.builder("model-server", QuarkusApp.moduleApplication("model-server"))
                .environment("MODELS_ROOT", MODELS.toString()).environment("MODELS_LOAD_AT_STARTUP", "*")
                .environment("GRPC_PORT", Integer.toString(modelServerGrpc)).environment("GRPC_HOST", "127.0.0.1")
                .environment(settings).start());
        keep(QuarkusApp.builder("model-gateway", QuarkusApp.moduleApplication("model-gateway")).environment(kafka())
                .environment("MODEL_SERVER_URL", "127.0.0.1:" + modelServerGrpc)
                .environment("MODEL_SERVER_PROTOCOL", "grpc").environment(settings).start());
        return this;
    }

    /** A pipeline-gateway replica with the given roles and extra settings. */
    public QuarkusApp startGateway(String roles, Map<String, String> settings) {
        int grpc = FreePort.next();
        QuarkusApp gateway = keep(QuarkusApp.builder("pipeline-gateway-" + gateways.size(),
                        QuarkusApp.moduleApplication("pipeline-gateway"))
                .environment(kafka()).environment("SELDON_GATEWAY_ROLES", roles)
                .environment("GRPC_PORT", Integer.toString(grpc)).environment("GRPC_HOST", "127.0.0.1")
                .environment(settings).start());
        gateways.add(gateway);
        grpcPorts.put(gateway, grpc);
        return gateway;
    }

    public QuarkusApp gateway() {
        return gateways.get(0);
    }

    public QuarkusApp modelServer() {
        return modelServer;
    }

    /** Declares each model through the control API and reports it Available, as its model-fetcher would. */
    public void models(String... names) throws Exception {
        for (String model : names) {
            HttpResponse<String> declared = send(gateway(), "PUT", "/v1/models/" + model, Declarations.modelYaml(model),
                    Map.of());
            assertThat(declared.statusCode()).as(declared.body()).isIn(200, 201);
            status.model(model, ModelState.AVAILABLE, null);
        }
    }

    /** Declares a pipeline and waits until the gateway finds it ready. */
    public void pipeline(String name, String yaml) throws Exception {
        HttpResponse<String> declared = send(gateway(), "PUT", "/v1/pipelines/" + name, yaml, Map.of());
        assertThat(declared.statusCode()).as(declared.body()).isIn(200, 201);
        awaitReady(name);
    }

    public void awaitReady(String pipeline) {
        Eventually.until(Duration.ofSeconds(60), () -> pipeline + " ready: " + body(gateway(), "/v1/pipelines/" + pipeline),
                () -> send(gateway(), "GET", "/v2/pipelines/" + pipeline + "/ready", null, Map.of()).statusCode() == 200);
    }

    /** REST inference of a pipeline through {@code gateway}. */
    public HttpResponse<String> infer(QuarkusApp gateway, String pipeline, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("content-type", "application/json");
        all.put("seldon-model", pipeline + ".pipeline");
        return send(gateway, "POST", "/v2/models/" + pipeline + "/infer", body, all);
    }

    public HttpResponse<String> infer(String pipeline, String body) {
        return infer(gateway(), pipeline, body, Map.of("seldon-timeout", "20s"));
    }

    /** gRPC inference of a pipeline, addressed with {@code seldon-model: <pipeline>.pipeline} as Seldon's clients do. */
    public ModelInferResponse inferGrpc(String pipeline, ModelInferRequest request) {
        return inferGrpc(pipeline, request, Map.of());
    }

    /** The same, with {@code headers} added to the call's metadata. */
    public ModelInferResponse inferGrpc(String pipeline, ModelInferRequest request, Map<String, String> headers) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPorts.get(gateway())).usePlaintext()
                .build();
        try {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("seldon-model", Metadata.ASCII_STRING_MARSHALLER), pipeline + ".pipeline");
            headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER),
                    value));
            return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(20, TimeUnit.SECONDS).modelInfer(request);
        } finally {
            channel.shutdownNow();
        }
    }

    public HttpResponse<String> send(QuarkusApp app, String method, String path, String body,
                                     Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri() + path))
                .timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " to " + app + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String body(QuarkusApp app, String path) {
        return send(app, "GET", path, null, Map.of()).body();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        started.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        status.close();
    }
}
