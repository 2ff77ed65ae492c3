package io.seldonmesh.modelfetcher.io;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.micrometer.core.instrument.MeterRegistry;
import io.seldonmesh.common.kafka.CompactedTopicReader;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.DeclaredModels;
import io.seldonmesh.modelfetcher.core.FetcherSettings;
import io.seldonmesh.modelfetcher.core.HeldModels;
import io.seldonmesh.modelfetcher.core.ModelStatuses;

/**
 * One running fetcher: the reader of the control topic, the model workers, the downloader, the model server
 * watch, the load retries and the status producer, built from settings. The Quarkus wiring and the
 * tests start it the same way.
 */
public final class FetcherRuntime implements AutoCloseable {

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATUS_RESEND = Duration.ofSeconds(5);

    private final S3ArtifactDownloader downloader;
    private final StatusPublisher publisher;
    private final ModelWorkers workers;
    private final LoadRetries retries;
    private final ModelServerWatch watch;
    private final ModelSync sync;
    private final CompactedTopicReader specReader;
    private final HeldModels held = new HeldModels();

    public FetcherRuntime(FetcherSettings settings, KafkaClientFactory kafka, TopicNames topics, List<SecretSource> secretSources,
                          MeterRegistry registry, Clock clock) {
        KafkaErrorExplainer explainer = new KafkaErrorExplainer(kafka.settings());
        FetcherMetrics metrics = new FetcherMetrics(registry);
        this.downloader = new S3ArtifactDownloader(settings.modelsRoot(), settings.download(), metrics);
        this.publisher = new StatusPublisher(kafka.recreatingProducer(new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                topics.statusModels(), settings.server().replicaId(), STATUS_TIMEOUT, STATUS_RESEND, explainer);
        this.workers = new ModelWorkers(settings.parallelModels());
        ModelReconciler reconciler = this::reconcile;
        this.retries = new LoadRetries(settings.loadRetry(), reconciler, metrics, clock);
        this.watch = new ModelServerWatch(settings.modelServerUrl(), settings.serverCheckEvery(), held, retries, reconciler,
                metrics, clock);
        ModelServerClient modelServer = new ModelServerClient(settings.modelServerUrl(), settings.loadTimeout());
        ModelStatuses statuses = new ModelStatuses(settings.server(), clock);
        ModelLoader loader = new ModelLoader(settings.modelsRoot(), held, new ModelSecrets(secretSources, settings.preloadedSecrets()),
                downloader, new LocalArtifactCopier(settings.modelsRoot(), new LocalStorageRoots(settings.localStorageRoots()),
                metrics), modelServer, publisher, statuses, retries, watch::checkNow, watch::serves, metrics,
                settings.storageAllowList(), topics.namespace());
        DeclaredModels declared = new DeclaredModels();
        this.sync = new ModelSync(settings.modelsRoot(), settings.server(), held, declared, loader, modelServer, publisher,
                statuses, retries);
        this.specReader = new CompactedTopicReader("Model specs", List.of(topics.controlModels()),
                kafka.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ControlModelsListener(topics.controlModels(), declared, reconciler, settings.modelsRoot()), explainer,
                new SharedTopicCreation(kafka, topics));
    }

    /** Prepares the AWS SDK, then starts checking the model server and reading Model specs. */
    public void start() {
        downloader.warmUp();
        watch.start();
        specReader.start();
    }

    /**
     * Ready: every spec present at start-up has been read (a model being loaded is work, not
     * unreadiness), the model server answers, and Kafka takes status records.
     */
    public boolean ready() {
        return problems().isEmpty();
    }

    /** True when no model action is queued or running. */
    public boolean idle() {
        return workers.idle();
    }

    /** Why not ready, or what is stuck, for the readiness check; empty when all is well. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        specReader.problem().ifPresent(problems::add);
        watch.problem().ifPresent(problems::add);
        publisher.problem().ifPresent(problems::add);
        return problems;
    }

    public HeldModels held() {
        return held;
    }

    private void reconcile(String model) {
        workers.submit(model, () -> sync.reconcile(model));
    }

    @Override
    public void close() {
        specReader.close();
        watch.close();
        retries.close();
        workers.close();
        downloader.close();
        publisher.close();
    }
}
