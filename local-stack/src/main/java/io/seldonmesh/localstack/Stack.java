package io.seldonmesh.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.ProvisioningReport;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.testkit.ChildServer;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.OAuthServer;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SeldonSampleModels;
import io.seldonmesh.testkit.ServerStartException;

/**
 * The running system: infrastructure (embedded by default) and our services, each a child process
 * on 127.0.0.1 (the in-memory Kubernetes API runs inside this JVM). Components start in dependency
 * order and stop in reverse; {@link #close()} is idempotent and runs on Ctrl-C through the
 * launcher's shutdown hook. Every child is watched ({@link ChildWatch}): one that dies is reported
 * at once and, unless a restart would bring it back empty, started again.
 * <p>
 * Adding a service is one entry in {@link #services()}.
 */
final class Stack implements AutoCloseable {

    /**
     * A service of this repository, its documented HTTP port, and the environment it gets beyond the
     * shared Kafka settings — computed when it starts, so it can name services started before it.
     */
    record Service(String name, String module, int httpPort, Function<Stack, Map<String, String>> environment) {

        Service(String module, int httpPort, Function<Stack, Map<String, String>> environment) {
            this(module, module, httpPort, environment);
        }
    }

    /** The name of the second pipeline-gateway replica, when {@link #addPipelineGatewayReplica()} asked for one. */
    static final String SECOND_PIPELINE_GATEWAY = "pipeline-gateway-2";

    /**
     * The model server the fetcher feeds, and what it can run (a Model's {@code requirements}): ONNX for real, and
     * tensorflow, triton and python as model-server's built-ins stand in for them, so that Seldon's sample Models
     * (tfsimple, add10, mul10, conditional) load as Seldon publishes them (model-server/README.md).
     */
    static final String MODEL_SERVER_NAME = "mlserver";
    static final String MODEL_SERVER_CAPABILITIES = "onnx,tensorflow,triton,python";

    /** Why the embedded broker and S3 server are reported but not restarted when they die. */
    static final String KAFKA_NOT_RESTARTED = "the embedded broker formats a new, empty data directory when it starts, "
            + "so a restart would bring back no topics, offsets, models or pipelines; the services keep retrying it. "
            + "Stop with Ctrl-C and start ./run-local again";
    static final String S3_NOT_RESTARTED = "the embedded S3 server starts with empty storage, so a restart would lose "
            + "every uploaded model; models already loaded are still served, new loads fail. "
            + "Stop with Ctrl-C and start ./run-local again";

    private final StackSettings settings;
    private final Progress progress;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, ChildWatch<QuarkusApp>> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> addedEnvironment = new LinkedHashMap<>();
    private final List<ChildWatch<?>> children = new CopyOnWriteArrayList<>();
    private final int modelServerGrpcPort;
    private final int pipelineGatewayGrpcPort;
    private int secondPipelineGatewayGrpcPort;
    private String kafkaBootstrap;
    private ChildWatch<KafkaBroker> kafka;
    private ObjectStore objectStore;
    private OAuthServer oauth;
    private InMemoryKubernetes kubernetes;

    Stack(StackSettings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.modelServerGrpcPort = port(9501);
        this.pipelineGatewayGrpcPort = port(9011);
    }

    public void start() {
        requireDocumentedPortsFree();
        // an existing model server is checked first: a wrong URL should cost a second, not a whole start-up
        settings.externalModelServer().ifPresent(server -> progress.step("model server (existing)",
                () -> ModelServerReadiness.require(server), ModelServer::toString));
        createDirectory(settings.workDirectory());
        System.setProperty("testkit.workdir", settings.workDirectory().resolve("logs").toString());
        kafkaBootstrap = settings.externalKafka().orElseGet(() -> progress.step("Kafka broker (KRaft)",
                this::startEmbeddedKafka,
                broker -> broker.bootstrapServers(Listener.PLAINTEXT)).bootstrapServers(Listener.PLAINTEXT));
        progress.step("Kafka topics", this::provisionSharedTopics, report -> report.created().size() + " created, "
                + report.existing().size() + " already there");
        objectStore = settings.externalObjectStore().orElseGet(() ->
                progress.step("S3 server (SSE-KMS)", () -> ObjectStore.of(watched(ChildWatch.reporting("S3 server",
                        S3Server.builder().bucket(settings.s3Bucket()).start(), S3_NOT_RESTARTED, progress,
                        this::printSummary)).current(), settings.s3Bucket()), ObjectStore::toString));
        // stateless: a restarted server on the same port issues tokens as before (the Secret names its endpoint)
        oauth = progress.step("OAuth2 token server", () -> watched(ChildWatch.restarting("OAuth2 token server",
                OAuthServer.start(), dead -> OAuthServer.builder().port(dead.port()).start(), progress,
                this::printSummary)).current(), OAuthServer::tokenEndpoint);
        kubernetes = progress.step("Kubernetes API stand-in", this::startKubernetes,
                k -> k + ", Secret " + KafkaCredentialSources.SOURCE_NAMESPACE + "/" + KafkaCredentialSources.OAUTH_SECRET);
        for (Service service : services()) {
            ChildWatch<QuarkusApp> app = progress.step(service.name(), () -> watchedService(service),
                    watch -> watch.current().baseUri() + grpcAddress(service.name()));
            services.put(service.name(), app);
        }
    }

    /** The gRPC listener of a service that has one, as printed beside its HTTP address (ports may be free ones). */
    private String grpcAddress(String name) {
        return switch (name) {
            case "pipeline-gateway" -> ", gRPC " + pipelineGatewayGrpcAddress();
            case SECOND_PIPELINE_GATEWAY -> ", gRPC 127.0.0.1:" + secondPipelineGatewayGrpcPort;
            case "model-server" -> ", gRPC 127.0.0.1:" + modelServerGrpcPort;
            default -> "";
        };
    }

    /** One line: how many children run, and each one that exited with its restarts and last exit code. */
    String summary() {
        return ChildRestarts.summaryLine(children.stream().map(ChildWatch::restarts).toList());
    }

    private void printSummary() {
        progress.line("  " + summary());
    }

    /**
     * The compacted control/status topics must exist before any service writes to them: a broker's
     * auto-creation would make them ordinary (deleting) topics, which the services refuse. This also
     * checks the user's Kafka variables once, with one clear line, before any service starts.
     */
    private ProvisioningReport provisionSharedTopics() {
        SeldonKafkaSettings kafka = SeldonKafkaSettings.fromEnvironment(kafkaEnvironment());
        try (Admin admin = new KafkaClientFactory(kafka).admin(Map.of())) {
            return new TopicProvisioner(admin, TopicNames.from(kafka), TopicSettings.from(kafka), Duration.ofSeconds(30))
                    .ensureShared();
        }
    }

    /** The API secret-sync watches, holding the namespaces and the credential Secret it replicates. */
    private InMemoryKubernetes startKubernetes() {
        InMemoryKubernetes api = remember(InMemoryKubernetes.start());
        KafkaCredentialSources.seed(api.client(), oauth);
        return api;
    }

    private KafkaBroker startEmbeddedKafka() {
        kafka = watched(ChildWatch.reporting("Kafka broker", embeddedKafka().start(), KAFKA_NOT_RESTARTED, progress,
                this::printSummary));
        return kafka.current();
    }

    private KafkaBroker.Builder embeddedKafka() {
        KafkaBroker.Builder broker = KafkaBroker.builder();
        if (settings.fixedPorts()) {
            broker.port(Listener.PLAINTEXT, settings.kafkaPort());
        }
        return broker;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /**
     * Takes the embedded broker down (SIGTERM), keeping its data for {@link #startKafkaAgain()}: a broker outage, for
     * the fault suite. The stop is not reported as a death.
     */
    void stopKafka() {
        embeddedBroker().current().stopKeepingData();
        progress.line("  Kafka broker stopped (data kept)");
    }

    /** Brings the broker {@link #stopKafka()} stopped back on its data and ports, watched as before. */
    void startKafkaAgain() {
        ChildWatch<KafkaBroker> broker = embeddedBroker();
        broker.replacedBy(broker.current().startAgain());
        progress.line("  Kafka broker started again on its data");
    }

    private ChildWatch<KafkaBroker> embeddedBroker() {
        if (kafka == null) {
            throw new IllegalStateException("this stack uses the broker at " + kafkaBootstrap + ", not an embedded one");
        }
        return kafka;
    }

    /**
     * Variables a service gets on top of (and over) what the stack gives it, e.g. a fault test routing model-gateway
     * through a fault-injecting proxy; set before {@link #start()}.
     */
    void addEnvironment(String name, Map<String, String> variables) {
        if (!services.isEmpty()) {
            throw new IllegalStateException("the stack has started: " + name + "'s environment is fixed");
        }
        addedEnvironment.computeIfAbsent(name, m -> new LinkedHashMap<>()).putAll(variables);
    }

    /**
     * Runs a second pipeline-gateway, {@link #SECOND_PIPELINE_GATEWAY}, on free ports beside the first: two replicas
     * sharing the ingress's partitions, as in a Deployment of two (the topics need two partitions or more,
     * {@code KAFKA_TOPICS_NUM_PARTITIONS}, for both to serve). Set before {@link #start()}; needs free ports.
     */
    void addPipelineGatewayReplica() {
        if (settings.fixedPorts() || !services.isEmpty()) {
            throw new IllegalStateException("a second pipeline-gateway needs LOCAL_FIXED_PORTS=false and a stack not "
                    + "started yet");
        }
        secondPipelineGatewayGrpcPort = port(0);
    }

    /** Where the demo model is stored (embedded S3 server, or the one LOCAL_S3_ENDPOINT names). */
    ObjectStore objectStore() {
        return objectStore;
    }

    public OAuthServer oauth() {
        return oauth;
    }

    /** The in-memory stand-in for the Kubernetes API that secret-sync works against. */
    InMemoryKubernetes kubernetes() {
        return kubernetes;
    }

    /** The existing model server the settings name, or the embedded model-server once it runs. */
    ModelServer modelServer() {
        return settings.externalModelServer().orElseGet(() -> new ModelServer(service("model-server").baseUri(),
                Optional.of(modelServerGrpcAddress()), settings.modelsRoot()));
    }

    /** {@code host:port} of pipeline-gateway's gRPC inference service. */
    String pipelineGatewayGrpcAddress() {
        return "127.0.0.1:" + pipelineGatewayGrpcPort;
    }

    /** The running instance of the service (a module, or {@link #SECOND_PIPELINE_GATEWAY}): after a restart, the new one. */
    public QuarkusApp service(String name) {
        ChildWatch<QuarkusApp> app = services.get(name);
        if (app == null) {
            throw new IllegalArgumentException("no service " + name + " in this stack; services: " + services.keySet());
        }
        return app.current();
    }

    /** Mounted-secret layout ({@code <dir>/<secret>/<key>}) the fetcher reads storage secrets from. */
    public Path secretsDirectory() {
        return settings.workDirectory().resolve("secrets");
    }

    public StackSettings settings() {
        return settings;
    }

    private List<Service> services() {
        List<Service> services = new ArrayList<>();
        if (settings.externalModelServer().isEmpty()) {
            createDirectory(settings.modelsRoot());
            services.add(new Service("model-server", 9500, stack -> Map.of(
                    "MODELS_ROOT", settings.modelsRoot().toString(),
                    "GRPC_HOST", "127.0.0.1",
                    "GRPC_PORT", Integer.toString(modelServerGrpcPort))));
        }
        services.add(new Service("model-fetcher", 9030, stack -> merged(stack.modelServer().fetcherEnvironment(), Map.of(
                "SECRETS_DIR", secretsDirectory().toString(),
                "SERVER_NAME", MODEL_SERVER_NAME,
                "SERVER_REPLICA", MODEL_SERVER_NAME + "-0",
                "SERVER_CAPABILITIES", MODEL_SERVER_CAPABILITIES,
                // Seldon's sample Models name this remote in storageUri and no secretName, as Seldon's own gs:// one
                "RCLONE_CONFIG_SECRETS", SeldonSampleModels.STORAGE_SECRET))));
        services.add(new Service("model-gateway", 9020, stack -> stack.modelServer().gatewayEnvironment()));
        services.add(new Service("pipeline-gateway", 9010, stack -> Map.of(
                "GRPC_HOST", "127.0.0.1",
                "GRPC_PORT", Integer.toString(pipelineGatewayGrpcPort))));
        if (secondPipelineGatewayGrpcPort != 0) {
            services.add(new Service(SECOND_PIPELINE_GATEWAY, "pipeline-gateway", 0, stack -> Map.of(
                    "GRPC_HOST", "127.0.0.1",
                    "GRPC_PORT", Integer.toString(secondPipelineGatewayGrpcPort))));
        }
        services.add(new Service("secret-sync", 9040, stack -> merged(stack.kubernetes().clientEnvironment(),
                KafkaCredentialSources.secretSyncEnvironment())));
        return services;
    }

    private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }

    /** {@code host:port} of the embedded model-server's gRPC listener (known before the stack starts). */
    String modelServerGrpcAddress() {
        return "127.0.0.1:" + modelServerGrpcPort;
    }

    /** Fails before anything starts, naming the port and its component, rather than half-way with a bind error. */
    private void requireDocumentedPortsFree() {
        if (!settings.fixedPorts()) {
            return;
        }
        Map<Integer, String> ports = new LinkedHashMap<>();
        if (settings.externalKafka().isEmpty()) {
            ports.put(settings.kafkaPort(), "Kafka broker");
        }
        for (Service service : services()) {
            ports.put(service.httpPort(), service.module());
        }
        if (settings.externalModelServer().isEmpty()) {
            ports.put(modelServerGrpcPort, "model-server gRPC");
        }
        ports.put(pipelineGatewayGrpcPort, "pipeline-gateway gRPC");
        ports.forEach((port, component) -> {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new StackException("port " + port + " (" + component + ") is already in use on 127.0.0.1: stop "
                        + "whatever listens there (ss -ltnp 'sport = :" + port + "'), e.g. an earlier run-local, or set "
                        + "LOCAL_FIXED_PORTS=false to use free ports");
            }
        });
    }

    /** The documented port, or a free one when the settings ask for free ports. */
    private int port(int documented) {
        if (settings.fixedPorts()) {
            return documented;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private ChildWatch<QuarkusApp> watchedService(Service service) {
        Map<String, String> environment = new LinkedHashMap<>(kafkaEnvironment());
        environment.putAll(service.environment().apply(this));
        environment.putAll(addedEnvironment.getOrDefault(service.name(), Map.of()));
        return watched(watchedService(service.name(), service.module(), settings.fixedPorts() ? service.httpPort() : 0,
                environment, progress, this::printSummary));
    }

    /** Started on {@code httpPort} (0: a free one), and restarted with the same environment on the port it got. */
    static ChildWatch<QuarkusApp> watchedService(String module, int httpPort, Map<String, String> environment,
                                                 Progress progress, Runnable afterChange) {
        return watchedService(module, module, httpPort, environment, progress, afterChange);
    }

    private static ChildWatch<QuarkusApp> watchedService(String name, String module, int httpPort,
                                                         Map<String, String> environment, Progress progress,
                                                         Runnable afterChange) {
        return ChildWatch.restarting(name, startService(name, module, httpPort, environment),
                dead -> startService(name, module, dead.httpPort(), environment), progress, afterChange);
    }

    private static QuarkusApp startService(String name, String module, int httpPort, Map<String, String> environment) {
        try {
            return QuarkusApp.builder(name, QuarkusApp.moduleApplication(module))
                    .httpPort(httpPort)
                    .environment(environment)
                    .start();
        } catch (ServerStartException e) {
            throw new StackException(name + " did not become ready: " + e.getMessage(), e);
        }
    }

    /** The Seldon Kafka variables every service gets: the user's own (external broker) or the embedded broker's. */
    private Map<String, String> kafkaEnvironment() {
        Map<String, String> environment = settings.environment().entrySet().stream()
                .filter(e -> e.getKey().startsWith("KAFKA_") || e.getKey().startsWith("SELDON_"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        // named even when unset (Seldon's defaults then), so that no service inherits other topic names from its
        // parent's environment than the ones this launcher created
        SeldonKafkaSettings kafka = SeldonKafkaSettings.fromEnvironment(environment);
        environment.put(SeldonKafkaSettings.SELDON_TOPIC_PREFIX, kafka.topicPrefix());
        environment.put(SeldonKafkaSettings.SELDON_NAMESPACE, kafka.namespace());
        return environment;
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.push(component);
        return component;
    }

    private <T extends ChildServer> ChildWatch<T> watched(ChildWatch<T> child) {
        children.add(child);
        return remember(child);
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StackException("cannot create " + dir + ": " + e.getMessage()
                    + "; set LOCAL_STACK_DIR to a writable directory", e);
        }
    }

    /** Stops everything that was started, newest first. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                progress.line("  could not stop a component cleanly: " + e.getMessage());
            }
        }
    }
}
