package io.seldonmesh.localstack;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local}: starts the whole system on this machine, runs the demo, prints what to try
 * next, and keeps running until Ctrl-C, which stops every process it started.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        StackSettings settings;
        try {
            settings = StackSettings.fromEnvironment(System.getenv());
        } catch (StackException e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        Progress progress = new Progress(out);
        Stack stack = new Stack(settings, progress);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\n  " + stack.summary());
            out.println("Stopping the local stack ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));

        out.println("Starting the local stack (logs in " + settings.workDirectory().resolve("logs") + ")");
        try {
            stack.start();
            new Demo(stack, out).run();
        } catch (RuntimeException e) {
            System.err.println("\nrun-local FAILED: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (!settings.keepRunning()) {
            System.exit(0);
            return;
        }
        out.println("\nThe stack is running. Press Ctrl-C to stop it. A child process that dies is reported here and "
                + "restarted.");
        out.println("  " + stack.summary());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
