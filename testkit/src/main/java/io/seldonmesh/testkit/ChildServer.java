package io.seldonmesh.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the three servers share: a child JVM, a work directory with the log, and data that is
 * deleted when the server is closed. {@link #close()} is idempotent and also runs at JVM exit.
 */
public abstract class ChildServer implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ServerProcess process;
    private final Path workDirectory;
    private final Path dataDirectory;
    private volatile boolean closed;

    ChildServer(ServerProcess process, Path workDirectory, Path dataDirectory) {
        this.process = process;
        this.workDirectory = workDirectory;
        this.dataDirectory = dataDirectory;
    }

    /** stdout and stderr of the server JVM. */
    public Path logFile() {
        return process.logFile();
    }

    /** Holds the log, the configuration and the data; logs and configuration outlive {@link #close()}. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Where the server keeps its data, deleted by {@link #close()}. */
    Path dataDirectory() {
        return dataDirectory;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Completes with the exit code when the server JVM exits, stopped or not: 128 + the signal's number when a
     * signal ended it (137 after {@code kill -9}). {@link #isClosed()} tells a stop from a death.
     */
    public CompletableFuture<Integer> onExit() {
        return process.onExit();
    }

    /** Whether {@link #close()} was called: the server was asked to stop. */
    public boolean isClosed() {
        return closed;
    }

    /** The last {@code lines} lines of the log, for a person reading why the server stopped. */
    public String logTail(int lines) {
        return LogTail.of(logFile(), lines);
    }

    /** CPU time the server JVM has used so far, all threads (for benchmarks' cost per request). */
    public Duration cpuTime() {
        return ProcessHandle.of(pid()).flatMap(handle -> handle.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /**
     * Stops the server (SIGTERM, SIGKILL after 5 s) but leaves its data where it is, for a server started again on
     * it; counts as {@link #close() closed}, so the stop is not mistaken for a death.
     */
    void stopKeepingData() {
        if (closed) {
            return;
        }
        closed = true;
        process.stop(STOP_GRACE);
        ExitCleanup.unregister(this);
    }

    /** Stops the server (SIGTERM, SIGKILL after 5 s) and deletes its data. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.stop(STOP_GRACE);
        WorkDirectory.deleteRecursively(dataDirectory);
        ExitCleanup.unregister(this);
    }
}
