package io.seldonmesh.modelserver.core;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A model version in memory. Requests use it under a read lock and closing takes the write lock,
 * because an ONNX session closed while a run is in flight frees native memory the run still uses.
 */
public final class LoadedModel {

    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    private final String name;
    private final String version;
    private final Model model;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    public LoadedModel(String name, String version, Model model) {
        this.name = name;
        this.version = version;
        this.model = model;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public Model model() {
        return model;
    }

    public <T> T use(Function<Model, T> work) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw ModelServerException.notFound("model '" + name + "' version " + version
                        + " was unloaded while the request waited; load it again or retry");
            }
            return work.apply(model);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Waits for requests in flight, then releases the model. */
    void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "model=%s version=%s: closing the model failed; its memory may not be released", name, version);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
