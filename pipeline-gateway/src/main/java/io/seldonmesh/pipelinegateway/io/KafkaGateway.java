package io.seldonmesh.pipelinegateway.io;

import io.micrometer.core.instrument.MeterRegistry;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.CompactedTopicReader;
import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.pipelinegateway.api.InferenceMetrics;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.Ingress;
import io.seldonmesh.pipelinegateway.core.PartitionOwnership;
import io.seldonmesh.pipelinegateway.core.PendingRequests;
import io.seldonmesh.pipelinegateway.core.PipelineSpecListener;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.pipelinegateway.core.TimeoutDiagnosis;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The Kafka side of one gateway replica, assembled from plain objects so that tests can run several replicas
 * in one JVM: one producer (requests and specs), the reply listener, the partition claim, the reader of the control
 * and status topics (common's {@link CompactedTopicReader}, filling the catalog),
 * and the timer that times requests out. {@link #start()} returns at once; the shared topics are checked and
 * created in the background until Kafka answers, and {@link #notReadyBecause()} says what is still missing.
 */
public final class KafkaGateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaGateway.class);
    /** Groups the gateway replicas of one namespace share to divide the partitions; see {@link PartitionClaim}. */
    public static final String CLAIM_GROUP = "partitions";
    private static final Duration EXPIRY_TICK = Duration.ofMillis(50);
    private static final Duration SHARED_TOPICS_RETRY = Duration.ofSeconds(2);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BROKER_CHECK = Duration.ofSeconds(5);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(3);

    private final TopicNames names;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final TopicProvisioner provisioner;
    private final Catalog catalog;
    private final SeldonKafkaSettings settings;
    private ModelGatewayWatch modelGatewayWatch;
    private Duration modelGatewayCheck;
    private final PendingRequests pending;
    private final PartitionOwnership ownership = new PartitionOwnership();
    private final ExecutorService blocking;
    private final ScheduledExecutorService timer;
    private final ReplyListener listener;
    private final StepScanner steps;
    private final PartitionClaim claim;
    private final CatalogRecords catalogRecords;
    private final CompactedTopicReader catalogReader;
    private final Ingress ingress;
    private final SpecPublisher specs;
    private final String bootstrapServers;
    private final KafkaErrorExplainer explainer;
    private final boolean servesInference;
    private volatile String sharedTopicsProblem = "the shared topics have not been checked yet";
    private volatile String brokerProblem;
    private volatile boolean closed;

    /** @param stepScans how much the look-back at a timed-out pipeline request's steps may read and take */
    public KafkaGateway(KafkaClientFactory clients, TimeoutPolicy timeouts, int maxPending, StepScanLimits stepScans,
                        MeterRegistry meters) {
        this(clients, new Catalog(), timeouts, maxPending, stepScans, meters, true);
    }

    /**
     * @param ingress whether this replica serves inference; without it (a dataflow-only replica) it reads the control
     *     and status topics and serves the control API, but claims no partitions and reads no answers
     */
    public KafkaGateway(KafkaClientFactory clients, Catalog catalog, TimeoutPolicy timeouts, int maxPending,
                        StepScanLimits stepScans, MeterRegistry meters, boolean ingress) {
        this(clients, catalog, timeouts, maxPending, stepScans, meters, ingress, KafkaTracing.OFF);
    }

    /** @param tracing spans for the request and answer records, in the callers' traces */
    public KafkaGateway(KafkaClientFactory clients, Catalog catalog, TimeoutPolicy timeouts, int maxPending,
                        StepScanLimits stepScans, MeterRegistry meters, boolean ingress, KafkaTracing tracing) {
        this.catalog = catalog;
        this.settings = clients.settings();
        this.servesInference = ingress;
        this.names = TopicNames.from(clients.settings());
        this.bootstrapServers = clients.settings().bootstrapServers();
        this.explainer = new KafkaErrorExplainer(clients.settings());
        this.blocking = Executors.newCachedThreadPool(DaemonThreads.named("gateway-kafka-admin"));
        this.steps = new StepScanner(clients.consumerWithoutGroup(new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        // looking must not create the topic of a step whose model was never deployed
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                stepScans, explainer);
        InferenceMetrics metrics = new InferenceMetrics(meters);
        this.pending = new PendingRequests(maxPending, new TimeoutDiagnosis(catalog, names, steps, stepScans,
                blocking, System::currentTimeMillis, System::nanoTime, metrics));
        this.admin = clients.admin(Map.of());
        this.producer = clients.recreatingProducer(new ByteArraySerializer(), new ByteArraySerializer(),
                // send() blocks only for metadata or a full buffer; a request must fail, not hang, then
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
        this.provisioner = new TopicProvisioner(admin, names, TopicSettings.from(clients.settings()), ADMIN_TIMEOUT);
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("request-timeouts"));
        Map<String, Object> noCommits = Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // read_committed: with model-gateway in exactly-once mode, an aborted transaction's answers (written again by
        // the next attempt) must not reach a caller; without transactions it reads exactly what read_uncommitted would.
        this.listener = new ReplyListener(clients.consumerWithoutGroup(new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        // reading a deleted pipeline's topic must not create it again
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                names, pending, ownership, blocking, explainer, tracing);
        this.claim = new PartitionClaim(clients.consumer(ConsumerGroups.from(names).pipelineGateway(CLAIM_GROUP),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())),
                names.errors(), listener, explainer);
        this.catalogRecords = new CatalogRecords(names, catalog);
        this.catalogReader = new CompactedTopicReader("control and status topics", catalogRecords.topics(),
                clients.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(), noCommits),
                catalogRecords, explainer);
        KafkaRoutes routes = new KafkaRoutes(admin, provisioner, names, listener,
                clients.settings().messageMaxBytes(), blocking, explainer);
        catalogRecords.listen(new PipelineSpecListener() {
            @Override
            public void pipelineDeleted(String name, long timestamp) {
                routes.forget(Target.pipeline(name));
            }
        });
        this.ingress = new Ingress(catalog, routes, ownership, pending, new KafkaRequestSender(producer, explainer, tracing),
                timeouts, metrics, System::nanoTime, KafkaGateway::newRequestId, ingress);
        this.specs = new SpecPublisher(producer, names, provisioner, catalog, explainer,
                clients.settings().messageMaxBytes());
        metrics.observe(pending, listener::unmatchedAnswers, steps::recordsRead);
    }

    /**
     * Checks every {@code interval} that a model-gateway reads each Available model's requests, so that a model nobody
     * consumes is not ready (the catalog's {@link io.seldonmesh.pipelinegateway.core.ModelConsumers}); call before
     * {@link #start()}.
     *
     * @param poolSize {@code MODELGATEWAY_MAX_NUM_CONSUMERS}, as model-gateway has it: it names the groups
     */
    public void watchModelGateways(Duration interval, int poolSize) {
        modelGatewayWatch = new ModelGatewayWatch(admin, catalog, names, settings, poolSize, explainer);
        modelGatewayCheck = interval;
    }

    /** Tells {@code listener} of every pipeline spec on the control topic; call before {@link #start()}. */
    public void listen(PipelineSpecListener listener) {
        catalogRecords.listen(listener);
    }

    /** Starts in the background: shared topics first, then the consumers. */
    public void start() {
        timer.scheduleWithFixedDelay(() -> blocking.execute(this::checkBrokers), BROKER_CHECK.toMillis(),
                BROKER_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        ModelGatewayWatch watch = modelGatewayWatch;
        if (servesInference && watch != null) {
            timer.scheduleWithFixedDelay(() -> blocking.execute(watch::check), modelGatewayCheck.toMillis(),
                    modelGatewayCheck.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (servesInference) {
            timer.scheduleAtFixedRate(() -> pending.expire(System.nanoTime()), EXPIRY_TICK.toMillis(),
                    EXPIRY_TICK.toMillis(), TimeUnit.MILLISECONDS);
            steps.start();
        }
        blocking.execute(this::startWhenTopicsExist);
    }

    /**
     * Consumers do not fail when the brokers go away, they just wait; readiness must say so, so that
     * Kubernetes sends callers to a replica that can reach Kafka.
     */
    private void checkBrokers() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) BROKER_TIMEOUT.toMillis())).nodes()
                    .get(BROKER_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            brokerProblem = null;
        } catch (ExecutionException e) {
            brokerProblem = "Kafka at " + bootstrapServers + " did not answer: "
                    + explainer.explain(e.getCause(), AclOperation.DESCRIBE);
        } catch (TimeoutException e) {
            brokerProblem = "Kafka at " + bootstrapServers + " did not answer within " + BROKER_TIMEOUT.toSeconds()
                    + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException closing) {
            if (!closed) {
                brokerProblem = "Kafka at " + bootstrapServers + " could not be asked: " + closing.getMessage();
            }
        }
    }

    private void startWhenTopicsExist() {
        while (!closed) {
            try {
                provisioner.ensureShared();
                sharedTopicsProblem = null;
                break;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                sharedTopicsProblem = "the shared topics (errors, control, status) are not usable: " + e.getMessage();
                LOG.errorf("%s; retrying in %d s", sharedTopicsProblem, SHARED_TOPICS_RETRY.toSeconds());
                sleep(SHARED_TOPICS_RETRY);
            }
        }
        if (!closed) {
            catalogReader.start();
            if (servesInference) {
                listener.start();
                claim.start();
            }
        }
    }

    public Ingress ingress() {
        return ingress;
    }

    public Catalog catalog() {
        return catalog;
    }

    public SpecPublisher specs() {
        return specs;
    }

    public TopicNames topics() {
        return names;
    }

    public PartitionOwnership ownership() {
        return ownership;
    }

    public PendingRequests pending() {
        return pending;
    }

    public long unmatchedAnswers() {
        return listener.unmatchedAnswers();
    }

    /** Why this replica cannot serve inference yet; empty when it can. */
    public List<String> notReadyBecause() {
        List<String> problems = new ArrayList<>();
        String shared = sharedTopicsProblem;
        if (shared != null) {
            problems.add(shared);
            return problems;
        }
        String brokers = brokerProblem;
        if (brokers != null) {
            problems.add(brokers);
        }
        catalogReader.problem().ifPresent(problems::add);
        if (!servesInference) {
            return problems;
        }
        if (!listener.isListening()) {
            problems.add("not yet reading answers from " + names.errors());
        }
        if (ownership.held().isEmpty()) {
            problems.add("holds no partition of the gateway group on " + names.errors() + " yet; if this lasts,"
                    + " there are more gateway replicas than partitions: raise KAFKA_TOPICS_NUM_PARTITIONS");
        }
        return problems;
    }

    @Override
    public void close() {
        closed = true;
        // Leave the group first, so the partitions move to the other replicas while this one drains.
        claim.close();
        timer.shutdownNow();
        listener.close();
        steps.close();
        catalogReader.close();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        blocking.shutdownNow();
    }

    /** Random like a UUID, without SecureRandom's lock on the request path; ids need to be unique, not secret. */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
