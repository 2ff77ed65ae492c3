package io.seldonmesh.localstack;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.seldonmesh.testkit.ChildServer;

/**
 * One child process of the stack, watched: when it exits without having been asked to, the report is printed at
 * once and, if it is restartable, it is started again the same way after the wait {@link ChildRestarts} decides.
 * {@link #current()} is the running instance. Closing stops the watch first, so a stop is never reported.
 */
final class ChildWatch<T extends ChildServer> implements AutoCloseable {

    private final ChildRestarts restarts;
    private final UnaryOperator<T> again;
    private final Progress progress;
    private final Runnable afterChange;
    private final ScheduledExecutorService restarter;
    private volatile T current;
    private volatile boolean closed;
    private long upSinceNanos;

    private ChildWatch(ChildRestarts restarts, UnaryOperator<T> again, T first, Progress progress, Runnable afterChange) {
        this.restarts = restarts;
        this.again = again;
        this.progress = progress;
        this.afterChange = afterChange;
        this.restarter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-stack-watch");
            thread.setDaemon(true);
            return thread;
        });
        watch(first);
    }

    /** Watches a started child that {@code again} starts anew, given the dead one (for its ports), when it dies. */
    static <T extends ChildServer> ChildWatch<T> restarting(String name, T child, UnaryOperator<T> again,
                                                            Progress progress, Runnable afterChange) {
        return new ChildWatch<>(ChildRestarts.restarting(name), again, child, progress, afterChange);
    }

    /** Watches a started child that is reported when it dies but not started again, {@code because} says why. */
    static <T extends ChildServer> ChildWatch<T> reporting(String name, T child, String because, Progress progress,
                                                           Runnable afterChange) {
        return new ChildWatch<>(ChildRestarts.notRestarted(name, because), null, child, progress, afterChange);
    }

    T current() {
        return current;
    }

    ChildRestarts restarts() {
        return restarts;
    }

    /**
     * Watches {@code next} from now on in place of the current child, which was stopped on purpose (closed, so its exit
     * is not reported): a child the stack took down and brought back itself, such as the broker of a fault test.
     */
    void replacedBy(T next) {
        synchronized (this) {
            if (closed) {
                next.close();
                return;
            }
            watch(next);
        }
        afterChange.run();
    }

    private synchronized void watch(T child) {
        current = child;
        upSinceNanos = System.nanoTime();
        child.onExit().thenAcceptAsync(code -> exited(child, code), restarter);
    }

    private void exited(T child, int code) {
        ChildRestarts.Decision decision;
        synchronized (this) {
            if (closed || child.isClosed()) {
                return;
            }
            decision = restarts.exited(code, since(upSinceNanos), child.logFile(), child.logTail(ChildRestarts.LOG_LINES));
        }
        progress.line(decision.report());
        child.close();
        scheduleRestart(decision.restartIn());
    }

    private void restart() {
        if (closed) {
            return;
        }
        long startedNanos = System.nanoTime();
        T next;
        try {
            next = again.apply(current);
        } catch (RuntimeException e) {
            if (!closed) {
                ChildRestarts.Decision decision = restarts.restartFailed(e.getMessage());
                progress.line(decision.report());
                scheduleRestart(decision.restartIn());
            }
            return;
        }
        synchronized (this) {
            if (closed) {
                next.close();
                return;
            }
            progress.line(restarts.restarted(since(startedNanos), "pid " + next.pid() + ", log " + next.logFile()));
            afterChange.run();
            watch(next);
        }
    }

    private void scheduleRestart(Optional<Duration> wait) {
        wait.ifPresent(delay -> restarter.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS));
        afterChange.run();
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    /** Stops watching (a restart waiting or under way is abandoned), then stops the child. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        restarter.shutdownNow();
        current.close();
    }
}
