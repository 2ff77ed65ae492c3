package io.seldonmesh.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A running server JVM: waits for readiness, stops it (and anything it started), tails its log. */
final class ServerProcess implements AutoCloseable {

    /** A readiness probe; it may throw while the server is still coming up. */
    @FunctionalInterface
    interface ReadinessCheck {
        boolean isReady() throws Exception;
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final String serverName;
    private final Process process;
    private final Path logFile;

    ServerProcess(String serverName, Process process, Path logFile) {
        this.serverName = serverName;
        this.process = process;
        this.logFile = logFile;
        ExitCleanup.register(this);
    }

    /**
     * Polls {@code check} until it passes. Fails at once if the process exits, and after
     * {@code timeout} otherwise; in both cases the process is stopped and the log tail reported.
     */
    void awaitReady(Duration timeout, ReadinessCheck check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastProblem = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    close();
                    throw new ServerStartException(serverName + " exited with code " + process.exitValue()
                            + " during start-up", logFile, lastProblem);
                }
                try {
                    if (check.isReady()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    lastProblem = e;
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new ServerStartException(serverName + " was not ready within " + timeout
                            + (lastProblem == null ? "" : "; last readiness probe failed with: " + lastProblem),
                            logFile, lastProblem);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while waiting for " + serverName, logFile, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** Completes with the exit code when the JVM exits (128 + the signal's number when a signal ended it). */
    CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Asks the server to stop (SIGTERM); kills it if it is still running after {@code grace}. */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        ExitCleanup.unregister(this);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return serverName + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
