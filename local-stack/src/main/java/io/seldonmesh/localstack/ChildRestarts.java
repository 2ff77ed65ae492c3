package io.seldonmesh.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the stack does when one of its children exits on its own, and what it tells the user. Plain: the exit code,
 * how long the child was up and the end of its log come in; the report, the wait before the next start and the
 * summary come out ({@link ChildWatch} handles the process).
 * <p>
 * Backoff: 1 s before the first restart, doubling for every exit that follows soon after a start, at most 30 s, so a
 * child that cannot start costs little CPU on a two-core laptop; a child that stayed up a minute counts as healthy
 * again and starts over at 1 s.
 */
final class ChildRestarts {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    static final int LOG_LINES = 20;

    /** Exit codes above 128 are a signal's number plus 128; the ones a person meets. */
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL",
            11, "SIGSEGV", 15, "SIGTERM");

    /** After an exit: the block to print, and the wait before the next start (empty: no restart). */
    record Decision(String report, Optional<Duration> restartIn) {
    }

    private final String name;
    private final Optional<String> notRestartedBecause;
    private int restarts;
    private int quickExits;
    private Integer lastExit;
    private boolean down;

    private ChildRestarts(String name, Optional<String> notRestartedBecause) {
        this.name = name;
        this.notRestartedBecause = notRestartedBecause;
    }

    static ChildRestarts restarting(String name) {
        return new ChildRestarts(name, Optional.empty());
    }

    /** A child that is reported when it exits but not started again, {@code because} says why. */
    static ChildRestarts notRestarted(String name, String because) {
        return new ChildRestarts(name, Optional.of(because));
    }

    /** The wait before the start that follows {@code quickExits} exits in a row: 1 s, 2 s, 4 s ... 30 s. */
    static Duration delay(int quickExits) {
        int doublings = Math.min(Math.max(quickExits - 1, 0), 5);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** {@code 137 (SIGKILL)}, {@code 1}, ... */
    static String describeExit(int code) {
        String signal = SIGNALS.get(code - 128);
        return code <= 128 || signal == null ? Integer.toString(code) : code + " (" + signal + ")";
    }

    /** As {@link #describeExit(int)}, with where a SIGKILL comes from: for the report, not the summary. */
    private static String explainExit(int code) {
        return code == 137 ? "137 (SIGKILL: kill -9 or the kernel's OOM killer)" : describeExit(code);
    }

    /** The child exited on its own after {@code upFor}; {@code logTail} is the end of {@code logFile}. */
    synchronized Decision exited(int exitCode, Duration upFor, Path logFile, String logTail) {
        lastExit = exitCode;
        down = true;
        quickExits = upFor.compareTo(STABLE_AFTER) >= 0 ? 1 : quickExits + 1;
        StringBuilder report = new StringBuilder()
                .append("!! ").append(name).append(" exited with code ").append(explainExit(exitCode))
                .append(" after ").append(seconds(upFor)).append(" up\n")
                .append("   last lines of ").append(logFile).append(":\n");
        logTail.lines().forEach(line -> report.append("   | ").append(line).append('\n'));
        return next(report);
    }

    /** A restart did not get the child ready; it counts as one more exit soon after a start. */
    synchronized Decision restartFailed(String error) {
        quickExits++;
        return next(new StringBuilder("!! ").append(name).append(" did not start again: ").append(error).append('\n'));
    }

    /** The child is ready again ({@code where}: its process and log); the line to print. */
    synchronized String restarted(Duration took, String where) {
        restarts++;
        down = false;
        return "   " + name + " is running again (restart " + restarts + ", ready in " + seconds(took) + "; " + where + ")";
    }

    synchronized boolean running() {
        return !down;
    }

    /** For the stack's summary line; empty while the child never exited. */
    synchronized Optional<String> summary() {
        if (lastExit == null) {
            return Optional.empty();
        }
        String exit = "last exit " + describeExit(lastExit);
        if (notRestartedBecause.isPresent()) {
            return Optional.of(name + ": down, " + exit + ", not restarted");
        }
        String times = restarts == 1 ? "1 time" : restarts + " times";
        if (down) {
            return Optional.of(name + ": down, restarting" + (restarts == 0 ? "" : " (restarted " + times + " before)")
                    + ", " + exit);
        }
        return Optional.of(name + ": restarted " + times + ", " + exit);
    }

    /** {@code stack: 8 of 9 children running; model-gateway: restarted 2 times, last exit 137 (SIGKILL)} */
    static String summaryLine(List<ChildRestarts> children) {
        long running = children.stream().filter(ChildRestarts::running).count();
        List<String> changed = children.stream().flatMap(child -> child.summary().stream()).toList();
        return "stack: " + running + " of " + children.size() + " children running"
                + (changed.isEmpty() ? ", no restarts" : changed.stream().collect(Collectors.joining("; ", "; ", "")));
    }

    private Decision next(StringBuilder report) {
        if (notRestartedBecause.isPresent()) {
            report.append("   not restarted: ").append(notRestartedBecause.get());
            return new Decision(report.toString(), Optional.empty());
        }
        Duration wait = delay(quickExits);
        report.append("   restarting it in ").append(seconds(wait)).append(" on the same ports with the same settings")
                .append(" (restart ").append(restarts + 1).append("; waits 1 s, 2 s, 4 s ... 30 s while it keeps exiting")
                .append(" within ").append(seconds(STABLE_AFTER)).append(")");
        return new Decision(report.toString(), Optional.of(wait));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
