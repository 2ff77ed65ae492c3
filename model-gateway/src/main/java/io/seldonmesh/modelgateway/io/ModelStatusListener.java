package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.CompactedTopicReader;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.modelgateway.core.ModelCatalog;
import io.seldonmesh.modelgateway.core.ModelRoute;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What {@code <p>.<ns>.status.models} and {@code <p>.<ns>.control.models} mean to the gateway (common's
 * {@link CompactedTopicReader} reads them, every replica all of them): once caught up, every change of the served
 * models goes to the consumer pool: a model that becomes Available is subscribed (its topics created first if
 * missing), one that is Unloaded or deleted is unsubscribed.
 */
final class ModelStatusListener implements CompactedTopicReader.Records {

    private static final Logger LOG = Logger.getLogger(ModelStatusListener.class);

    private final TopicNames topics;
    private final ModelCatalog catalog;
    private final ConsumerPool pool;
    private final Consumer<String> prepareModel;
    private Map<String, ModelRoute> served = Map.of();
    private Set<String> lastUnroutable = Set.of();
    private boolean published;

    /** @param prepareModel run before a model is first served (creates its topics); must not throw */
    ModelStatusListener(TopicNames topics, ModelCatalog catalog, ConsumerPool pool, Consumer<String> prepareModel) {
        this.topics = topics;
        this.catalog = catalog;
        this.pool = pool;
        this.prepareModel = prepareModel;
    }

    @Override
    public void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.topic().equals(topics.statusModels())) {
            catalog.status(ModelStatusKey.parse(key), record.value() == null ? null : ModelStatus.parse(record.value()));
        } else if (key != null) {
            catalog.spec(key, record.value() == null);
        }
    }

    @Override
    public void caughtUp() {
        LOG.infof("model status read up to the end of %s", topics.statusModels());
    }

    @Override
    public void applied(boolean caughtUp) {
        Map<String, ModelRoute> now = catalog.routes();
        warnUnroutable(catalog.unroutable());
        if (published && now.equals(served)) {
            return;
        }
        published = true;
        Set<String> added = new TreeSet<>(now.keySet());
        added.removeAll(served.keySet());
        Set<String> removed = new TreeSet<>(served.keySet());
        removed.removeAll(now.keySet());
        added.forEach(prepareModel);
        pool.serve(now);
        Set<String> changed = new HashSet<>(now.keySet());
        changed.removeIf(model -> added.contains(model) || now.get(model).equals(served.get(model)));
        if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
            LOG.infof("serving %s (added %s, removed %s, new addresses for %s)", now.values(), added, removed, changed);
        }
        served = now;
    }

    private void warnUnroutable(Set<String> unroutable) {
        if (!unroutable.isEmpty() && !unroutable.equals(lastUnroutable)) {
            LOG.warnf("models %s are Available but their status names no address to call; their requests wait on"
                    + " Kafka: set MODEL_SERVER_URL or publish endpoints in their status", unroutable);
        }
        lastUnroutable = unroutable;
    }
}
