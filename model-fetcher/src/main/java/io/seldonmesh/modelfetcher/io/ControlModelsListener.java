package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.seldonmesh.common.kafka.CompactedTopicReader;
import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.modelfetcher.core.DeclaredModels;

/**
 * What {@code <prefix>.<namespace>.control.models} means to the fetcher (common's {@link CompactedTopicReader} reads
 * it, every fetcher all of it: the compacted topic is the desired state, and each fetcher decides for itself which
 * models are its own). Each record becomes the model's {@link DeclaredModels} entry, and the model is reconciled
 * with it. Once the records that existed at start-up are read, model directories that no record mentioned are
 * reconciled too (their Models were deleted while the fetcher was down: they are removed).
 */
final class ControlModelsListener implements CompactedTopicReader.Records {

    private static final Logger LOG = Logger.getLogger(ControlModelsListener.class);

    private final String topic;
    private final DeclaredModels declared;
    private final ModelReconciler reconciler;
    private final Path modelsRoot;
    private final Set<String> mentioned = new HashSet<>();

    /** @param reconciler asks for a model to be brought in line with its latest record */
    ControlModelsListener(String topic, DeclaredModels declared, ModelReconciler reconciler, Path modelsRoot) {
        this.topic = topic;
        this.declared = declared;
        this.reconciler = reconciler;
        this.modelsRoot = modelsRoot;
    }

    @Override
    public void apply(ConsumerRecord<byte[], byte[]> record) {
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

    @Override
    public void caughtUp() {
        removeUnmentionedModels();
        LOG.infof("read every Model spec on %s (%d models mentioned)", topic, mentioned.size());
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
}
