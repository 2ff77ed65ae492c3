package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.modelfetcher.core.DeclaredModels;

/**
 * Reads {@code <prefix>.<namespace>.control.models} from the beginning, without a consumer group:
 * the compacted topic is the desired state, and every fetcher needs all of it (it decides for
 * itself which models are its own). Each record becomes the model's {@link DeclaredModels} entry,
 * and the model is reconciled with it. Once the records that existed at start-up are read, model
 * directories that no record mentioned are reconciled too (their Models were deleted while the
 * fetcher was down: they are removed), and the fetcher is ready.
 */
public final class ControlModelsConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlModelsConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final DeclaredModels declared;
    private final ModelReconciler reconciler;
    private final Path modelsRoot;
    private final KafkaErrorExplainer explainer;
    private final Thread thread;
    private final Set<String> mentioned = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile String problem = "not started";

    /** @param reconciler asks for a model to be brought in line with its latest record */
    public ControlModelsConsumer(Consumer<byte[], byte[]> consumer, String topic, DeclaredModels declared,
                                 ModelReconciler reconciler, Path modelsRoot, KafkaErrorExplainer explainer) {
        this.consumer = consumer;
        this.topic = topic;
        this.declared = declared;
        this.reconciler = reconciler;
        this.modelsRoot = modelsRoot;
        this.explainer = explainer;
        this.thread = new Thread(this::run, "model-fetcher-control");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once every record present at start-up has been read (they may still be being applied). */
    public boolean caughtUp() {
        return caughtUp && thread.isAlive();
    }

    /** Why the consumer is not caught up, for the readiness check. */
    public String problem() {
        return problem;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startupEnd = consumer.endOffsets(partitions);
            problem = "reading the Model specs present at start-up";
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        handle(record);
                    }
                    if (!caughtUp && reached(startupEnd)) {
                        caughtUp = true;
                        problem = "";
                        removeUnmentionedModels();
                        LOG.infof("read every Model spec on %s (%d models mentioned)", topic, mentioned.size());
                    }
                } catch (WakeupException stop) {
                    return;
                } catch (KafkaException e) {
                    problem = "cannot read " + topic + ": " + explainer.explain(e, AclOperation.READ, topic);
                    LOG.error(problem);
                    sleep(RETRY);
                }
            }
        } catch (WakeupException stop) {
            // closing
        } catch (RuntimeException e) {
            problem = "the control consumer stopped: " + e;
            LOG.error(problem, e);
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
                }
                problem = "topic " + topic + " does not exist yet";
            } catch (WakeupException stop) {
                throw stop;
            } catch (KafkaException e) {
                problem = "cannot describe " + topic + ": " + explainer.explain(e, AclOperation.DESCRIBE, topic);
            }
            LOG.warn(problem);
            sleep(RETRY);
        }
        throw new WakeupException();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warnf("%s offset %d has no key (the model name): skipped", topic, record.offset());
            return;
        }
        String name = new String(record.key(), StandardCharsets.UTF_8);
        String version = Long.toString(record.offset());
        mentioned.add(name);
        if (record.value() == null) {
            declared.put(name, Optional.empty(), version);
            reconciler.reconcile(name);
            return;
        }
        try {
            Model model = Model.fromControlRecord(record.key(), record.value());
            declared.put(name, Optional.of(model), version);
            reconciler.reconcile(name);
        } catch (InvalidSpecException e) {
            // Not knowing its server, no replica can claim the model: the control API refuses such specs.
            LOG.warnf("model %s: spec at %s offset %d is not valid, skipped: %s", name, topic, record.offset(), e.getMessage());
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void removeUnmentionedModels() {
        if (!Files.isDirectory(modelsRoot)) {
            return;
        }
        try (DirectoryStream<Path> models = Files.newDirectoryStream(modelsRoot)) {
            for (Path model : models) {
                String name = model.getFileName().toString();
                if (Files.isDirectory(model) && !name.startsWith(".") && !mentioned.contains(name)) {
                    reconciler.reconcile(name);
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s for models deleted while the fetcher was down: %s", modelsRoot, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
