package io.seldonmesh.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of every server child JVM: {@code OrphanGuard <parent pid> <real main class> <args...>}.
 * Shutdown hooks do not run when the test JVM is killed (surefire timeout, kill -9, a crashed IDE),
 * so the child watches its parent itself and exits when the parent is gone. It then calls the
 * server's real main method unchanged.
 */
public final class OrphanGuard {

    private static final long HALT_AFTER_MILLIS = 10_000;

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: OrphanGuard <parent pid> <main class> [args...]; got "
                    + Arrays.toString(args));
        }
        long parentPid = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("testkit: parent process " + parentPid + " is gone before start-up; exiting");
            Runtime.getRuntime().halt(3);
        }
        parent.get().onExit().thenRun(OrphanGuard::exitBecauseParentDied);

        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitBecauseParentDied() {
        System.err.println("testkit: parent process exited; stopping this server");
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(2);
        }, "testkit-orphan-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(2);
    }
}
