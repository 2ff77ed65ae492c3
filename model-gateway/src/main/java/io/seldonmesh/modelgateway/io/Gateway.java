package io.seldonmesh.modelgateway.io;

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
import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.DeliveryMode;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.modelgateway.core.ModelCatalog;
import io.seldonmesh.modelgateway.core.ModelServerProtocol;
import io.seldonmesh.modelgateway.core.OutputRecords;
import io.seldonmesh.modelgateway.core.RefusedSizes;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The whole gateway, assembled from its settings: one admin client, one model client, the consumer pool, the status
 * listener, and the producers of its delivery guarantee — one shared producer at-least-once, one transactional
 * producer per consumer exactly-once. {@link #start()} returns at once; Kafka may come later (readiness says so).
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(5);
    private static final String CLIENT_ID = "model-gateway";
    /**
     * Transactions commit every 100 ms: one open for longer belongs to a stuck or dead producer, and read_committed
     * readers of its partitions wait until the broker aborts it (Kafka Streams' exactly-once uses the same 10 s).
     */
    private static final int TRANSACTION_TIMEOUT_MS = 10_000;

    private final GatewaySettings settings;
    private final TopicNames topics;
    private final Optional<Producer<byte[], byte[]>> sharedProducer;
    private final Admin admin;
    private final ModelClient client;
    private final ScheduledExecutorService worker;
    private final ConsumerPool pool;
    private final CompactedTopicReader statusReader;
    private final KafkaProbe probe;

    /**
     * @throws io.seldonmesh.common.config.InvalidSettingException naming a wrong Kafka variable
     */
    public Gateway(KafkaClientFactory kafka, GatewaySettings settings, Vertx vertx, MeterRegistry registry) {
        this(kafka, settings, vertx, registry, KafkaTracing.OFF);
    }

    /** @param tracing a span per request record and per model server call, in the trace the record carries */
    public Gateway(KafkaClientFactory kafka, GatewaySettings settings, Vertx vertx, MeterRegistry registry,
                   KafkaTracing tracing) {
        this.settings = settings;
        SeldonKafkaSettings kafkaSettings = kafka.settings();
        this.topics = TopicNames.from(kafkaSettings);
        GatewayMetrics metrics = new GatewayMetrics(registry, settings.protocol() == ModelServerProtocol.GRPC);
        KafkaErrorExplainer explainer = new KafkaErrorExplainer(kafkaSettings);

        Map<String, Object> producerOverrides = Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long maxRecordBytes = Long.parseLong(String.valueOf(
                kafka.properties().producer(producerOverrides).get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)));
        this.admin = kafka.admin(Map.of("client.id", CLIENT_ID + "-admin"));
        this.worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-gateway-worker"));
        OutputRecords outputs = new OutputRecords(topics, maxRecordBytes,
                "the producer's max.request.size (" + SeldonKafkaSettings.KAFKA_MESSAGE_MAX_BYTES + ")");
        BrokerLimits limits = new BrokerLimits(admin, ADMIN_TIMEOUT);
        TooLargeAnswers tooLarge = new TooLargeAnswers(outputs, limits);
        Function<String, Delivery> deliveries;
        if (settings.delivery() == DeliveryMode.EXACTLY_ONCE) {
            this.sharedProducer = Optional.empty();
            RefusedSizes refusedSizes = new RefusedSizes();
            deliveries = groupId -> new TransactionalDelivery(groupId,
                    () -> kafka.producer(new ByteArraySerializer(), new ByteArraySerializer(),
                            transactionalOverrides(producerOverrides, groupId, settings.transactionalId(groupId))),
                    outputs, tooLarge, limits, refusedSizes, metrics, explainer);
        } else {
            Producer<byte[], byte[]> producer = kafka.recreatingProducer(new ByteArraySerializer(),
                    new ByteArraySerializer(), producerOverrides);
            this.sharedProducer = Optional.of(producer);
            OutputSender sender = new OutputSender(producer, outputs, tooLarge, worker, metrics, explainer);
            deliveries = groupId -> new AcknowledgedDelivery(groupId, sender);
        }
        this.client = settings.protocol() == ModelServerProtocol.GRPC
                ? new GrpcModelClient(settings.inferTimeout(), (int) Math.min(Integer.MAX_VALUE,
                        Math.max(64L << 20, 2 * maxRecordBytes)))
                : new RestModelClient(vertx, settings.inferTimeout(), settings.maxInFlight());
        RouteTable routes = new RouteTable();
        RecordRelay relay = new RecordRelay(topics, routes, client, settings.failurePolicy(), outputs, worker, metrics,
                settings.maxBatchSize(), tracing);
        ConsumerGroups groups = ConsumerGroups.from(topics);
        this.pool = new ConsumerPool(topics, settings.maxConsumers(), routes, model -> {
            String group = groups.modelGateway(model, settings.maxConsumers());
            String groupId = kafkaSettings.consumerGroupId(group);
            return new ModelInputConsumer(groupId, () -> inputConsumer(kafka, group), deliveries.apply(groupId), relay,
                    topics, settings.backpressure(), settings.drainTimeout(), metrics);
        });
        TopicProvisioner provisioner = new TopicProvisioner(admin, topics,
                TopicSettings.from(kafkaSettings), ADMIN_TIMEOUT);
        this.statusReader = new CompactedTopicReader("model status and specs",
                List.of(topics.statusModels(), topics.controlModels()),
                kafka.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Map.of(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-status")),
                new ModelStatusListener(topics, new ModelCatalog(settings.protocol(), settings.fixedServer()), pool,
                        model -> prepare(provisioner, model)),
                explainer, provisioner::ensureShared);
        this.probe = new KafkaProbe(admin, kafkaSettings.bootstrapServers(), explainer, Duration.ofSeconds(3));
    }

    public void start() {
        LOG.infof("model gateway for %s: %s to model servers at %s, %s%s", topics, settings.protocol(),
                settings.fixedServer().orElse("the endpoints of each model's status"), settings.delivery().value()
                        + (settings.delivery() == DeliveryMode.EXACTLY_ONCE
                                ? " (transactional ids end in -" + settings.replicaId() + ")" : ""),
                settings.maxBatchSize() > 1
                        ? ", requests of a model read together sent as batches of up to " + settings.maxBatchSize()
                        : "");
        probe.start(PROBE_EVERY);
        statusReader.start();
    }

    /** What keeps the gateway from doing its work; empty when it is ready. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        probe.problem().ifPresent(problems::add);
        statusReader.problem().ifPresent(problems::add);
        problems.addAll(pool.problems());
        pool.stopped().forEach(group -> problems.add("consumer " + group + " stopped"));
        return problems;
    }

    /** Stops consuming, lets requests in flight finish (up to the drain timeout), commits, closes every client. */
    @Override
    public void close() {
        statusReader.close();
        pool.stop();
        sharedProducer.ifPresent(producer -> producer.close(Duration.ofSeconds(5)));
        client.close();
        probe.close();
        admin.close(Duration.ofSeconds(5));
        worker.shutdownNow();
        try {
            worker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void prepare(TopicProvisioner provisioner, String model) {
        try {
            provisioner.ensureModel(model);
        } catch (RuntimeException e) {
            LOG.errorf("model=%s: could not make sure its topics exist: %s", model, e.getMessage());
        }
    }

    /**
     * The shared producer's settings plus a transactional id for the consumer group {@code groupId}: its own client
     * id, and a transaction timeout a dead replica's open transaction blocks readers for at most.
     */
    private static Map<String, Object> transactionalOverrides(Map<String, Object> shared, String groupId,
                                                              String transactionalId) {
        Map<String, Object> overrides = new HashMap<>(shared);
        overrides.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-" + groupId);
        overrides.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        overrides.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return overrides;
    }

    /**
     * A model input consumer in {@code group} (the factory puts {@code SELDON_CONSUMER_GROUP_ID_PREFIX} in front):
     * offsets committed by the gateway only (after the answer is acknowledged); only the partitions that move are
     * revoked in a rebalance (cooperative), so adding a model does not stall the others; records of aborted
     * transactions are never read.
     */
    private static Consumer<byte[], byte[]> inputConsumer(KafkaClientFactory kafka, String group) {
        return kafka.consumer(group, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-" + group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }
}
