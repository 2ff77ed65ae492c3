package io.seldonmesh.modelfetcher.io;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.seldonmesh.common.runtime.DaemonThreads;

/**
 * Runs model actions: one model's actions in order, several models at once. While a model is busy,
 * only its latest pending action is kept: a spec replaced twice during a long download is applied
 * once, in its latest form.
 */
public final class ModelWorkers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelWorkers.class);

    private final ExecutorService executor;
    private final Map<String, Runnable> pending = new HashMap<>();
    private final Set<String> running = new HashSet<>();

    public ModelWorkers(int parallelModels) {
        this.executor = Executors.newFixedThreadPool(parallelModels, DaemonThreads.named("model-fetcher-model"));
    }

    public synchronized void submit(String model, Runnable action) {
        pending.put(model, action);
        if (running.add(model)) {
            executor.execute(() -> drain(model));
        }
    }

    /** True when no action is queued or running. */
    public synchronized boolean idle() {
        return running.isEmpty();
    }

    private void drain(String model) {
        while (true) {
            Runnable action;
            synchronized (this) {
                action = pending.remove(model);
                if (action == null) {
                    running.remove(model);
                    return;
                }
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "model %s: action failed", model);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
