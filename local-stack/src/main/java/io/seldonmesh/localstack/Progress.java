package io.seldonmesh.localstack;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** One line per step while the stack starts: which component, how long it took, where it is. */
final class Progress {

    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    <T> T step(String what, Supplier<T> action, java.util.function.Function<T, String> where) {
        out.printf(Locale.ROOT, "  %-28s ", what + " ...");
        out.flush();
        long started = System.nanoTime();
        try {
            T result = action.get();
            out.printf(Locale.ROOT, "ready in %5.1f s  %s%n", seconds(started), where.apply(result));
            return result;
        } catch (RuntimeException e) {
            out.printf(Locale.ROOT, "FAILED after %.1f s%n", seconds(started));
            throw e;
        }
    }

    void line(String text) {
        out.println(text);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
