package io.seldonmesh.modelfetcher.io;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fetcher's own threads: named for their job and numbered ({@code model-fetcher-model-2}), as
 * logs and thread dumps show them, and daemon, so that none keeps a stopping JVM alive.
 */
final class FetcherThreads {

    private FetcherThreads() {
    }

    static ThreadFactory named(String job) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, job + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
