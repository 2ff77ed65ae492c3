package io.seldonmesh.common.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of a service's own loops and pools: daemon threads (they never keep a stopping JVM alive; every owner
 * stops its work in its own {@code close}) named after what they do, so a thread dump reads like the service's
 * design.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code <name>-1}, {@code <name>-2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> daemon(runnable, name + "-" + count.incrementAndGet());
    }

    /** One thread named exactly {@code name}, not started. */
    public static Thread single(String name, Runnable work) {
        return daemon(work, name);
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
