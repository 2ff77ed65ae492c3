package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A checkout of this repository whose packaged services are measured, under a short name for the table (e.g.
 * {@code before} for a worktree at the commit before the service skeleton).
 */
record Checkout(String name, Path root, String commit) {

    /** {@code name=DIR} or {@code DIR} (then named after the directory). */
    static Checkout parse(String argument, Path workingDirectory) {
        int equals = argument.indexOf('=');
        String name = equals > 0 ? argument.substring(0, equals) : null;
        Path root = workingDirectory.resolve(equals > 0 ? argument.substring(equals + 1) : argument).normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalArgumentException("--checkout " + argument + ": " + root + " is not a checkout of this "
                    + "repository (no pom.xml)");
        }
        return new Checkout(name != null ? name : root.getFileName().toString(), root, commit(root));
    }

    /** The packaged service, {@code <module>/target/quarkus-app}; fails naming the build command when it is missing. */
    Path application(String module) {
        Path application = root.resolve(module).resolve("target/quarkus-app");
        if (!Files.isRegularFile(application.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(module + " is not packaged in " + root + ": run there mvn -B -o -pl "
                    + module + " -am package -Dmaven.test.skip=true (bench/startup/run packages every checkout it is given unless "
                    + "BENCH_SKIP_BUILD=1)");
        }
        return application;
    }

    private static String commit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String commit = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? commit : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return name + " (" + root + " at " + commit + ")";
    }
}
