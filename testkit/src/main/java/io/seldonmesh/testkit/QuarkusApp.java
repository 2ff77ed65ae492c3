package io.seldonmesh.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * One of our own services, packaged by Quarkus ({@code target/quarkus-app/quarkus-run.jar}), run
 * as a child JVM like the other servers: for tests that need a real peer (a gateway test calling
 * the real model server) and for the local stack. Ready when {@code /q/health/ready} answers 200.
 * <p>
 * The HTTP port is passed as {@code QUARKUS_HTTP_PORT}, which every Quarkus app honours; the
 * service's own settings come in as environment variables, exactly as in a container.
 */
public final class QuarkusApp extends ChildServer {

    private static final Logger LOG = Logger.getLogger(QuarkusApp.class);
    private static final String ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final String name;
    private final int httpPort;

    private QuarkusApp(String name, int httpPort, Path workDirectory, ServerProcess process) {
        super(process, workDirectory, null);
        this.name = name;
        this.httpPort = httpPort;
    }

    /**
     * @param name        for logs and errors, e.g. {@code model-server}
     * @param applicationDirectory the {@code quarkus-app} directory holding {@code quarkus-run.jar}
     */
    public static Builder builder(String name, Path applicationDirectory) {
        return new Builder(name, applicationDirectory);
    }

    /**
     * The packaged app of a module of this repository, found from the current directory upwards
     * (tests run in their module's directory, the local stack at the root).
     */
    public static Path moduleApplication(String module) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(module).resolve("target").resolve("quarkus-app");
            if (Files.isRegularFile(candidate.resolve("quarkus-run.jar"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no packaged " + module + " found (looked for " + module
                + "/target/quarkus-app/quarkus-run.jar from " + Path.of("").toAbsolutePath()
                + " upwards); build it first: mvn -pl " + module + " -am package -DskipTests");
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://" + FreePort.LOOPBACK + ":" + httpPort);
    }

    @Override
    public String toString() {
        return name + "[" + baseUri() + ", pid " + pid() + ", log " + logFile() + "]";
    }

    public static final class Builder {

        private final String name;
        private final Path applicationDirectory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private int httpPort;
        private String maxHeap = "256m";
        private String readinessPath = "/q/health/ready";
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean fullJit;

        private Builder(String name, Path applicationDirectory) {
            this.name = name;
            this.applicationDirectory = applicationDirectory;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder environment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        /** A fixed port (local stack); by default a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** As {@code -Xmx}; {@code null} for none, when the JVM sizes its heap itself (e.g. {@code MaxRAMPercentage}). */
        public Builder maxHeap(String size) {
            this.maxHeap = size;
            return this;
        }

        /** A JVM option besides the heap, e.g. the ones a service's container image sets. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder readinessPath(String path) {
            this.readinessPath = path;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Full C2 compilation instead of the quick-start C1-only default: for benchmarks. */
        public Builder fullJit() {
            this.fullJit = true;
            return this;
        }

        public QuarkusApp start() {
            Path runner = applicationDirectory.resolve("quarkus-run.jar");
            if (!Files.isRegularFile(runner)) {
                throw new IllegalStateException(runner + " does not exist: package " + name + " first");
            }
            Path workDirectory = WorkDirectory.create(name);
            QuarkusApp app = PortConflictRetry.start(name, httpPort == 0, () -> launch(runner, workDirectory));
            ExitCleanup.register(app);
            LOG.infof("started %s", app);
            return app;
        }

        private QuarkusApp launch(Path runner, Path workDirectory) {
            int port = httpPort != 0 ? httpPort : FreePort.next();
            ChildJvm jvm = new ChildJvm(name).classpath(List.of(runner));
            if (maxHeap != null) {
                jvm.maxHeap(maxHeap);
            }
            if (fullJit) {
                jvm.fullJit();
            }
            jvmOptions.forEach(jvm::option);
            systemProperties.forEach(jvm::systemProperty);
            environment.forEach(jvm::environment);
            jvm.environment("QUARKUS_HTTP_HOST", FreePort.LOOPBACK);
            jvm.environment("QUARKUS_HTTP_PORT", Integer.toString(port));
            ServerProcess process = jvm.main(ENTRY_POINT).start(workDirectory.resolve(name + ".log"));
            QuarkusApp app = new QuarkusApp(name, port, workDirectory, process);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI readiness = app.baseUri().resolve(readinessPath);
            process.awaitReady(startTimeout, () -> http.send(HttpRequest.newBuilder(readiness)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200);
            return app;
        }
    }
}
