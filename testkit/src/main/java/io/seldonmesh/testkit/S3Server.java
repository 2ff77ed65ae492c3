package io.seldonmesh.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

/**
 * Adobe S3Mock 5.2 in a child JVM: plain HTTP on 127.0.0.1 with path-style buckets and SSE-KMS
 * semantics (a KMS upload gets a non-MD5 ETag). Requests carry the bare {@link #kmsKeyId()}; S3Mock
 * itself is configured with the key's ARN. Any access key is accepted (signatures are not checked).
 * Its second (HTTPS) connector is bound to 127.0.0.1 as well, by a Spring auto-configuration from
 * testkit-runtime-s3 put on the exec jar's {@code loader.path}.
 */
public final class S3Server extends ChildServer implements S3Storage {

    private static final Logger LOG = Logger.getLogger(S3Server.class);
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final String CUSTOMIZER_CLASS =
            "io/seldonmesh/testkit/runtime/s3/LoopbackConnectorsAutoConfiguration.class";
    private static final String STORE = "com.adobe.testing.s3mock.store.";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final String region;
    private final String kmsKeyId;
    private final List<String> buckets;
    private final Path rootDirectory;

    private S3Server(int port, String region, String kmsKeyId, List<String> buckets, Path workDirectory,
                     Path rootDirectory, ServerProcess process) {
        super(process, workDirectory, rootDirectory);
        UsedSecrets.record("S3 secret access key", secretAccessKey());
        this.port = port;
        this.region = region;
        this.kmsKeyId = kmsKeyId;
        this.buckets = buckets;
        this.rootDirectory = rootDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}; clients must use path-style addressing. */
    @Override
    public URI endpoint() {
        return URI.create("http://" + FreePort.LOOPBACK + ":" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public String region() {
        return region;
    }

    /** The bare key id to send in {@code x-amz-server-side-encryption-aws-kms-key-id}. */
    public String kmsKeyId() {
        return kmsKeyId;
    }

    /** The key's ARN, as S3Mock is configured; sending it in a request gets 400 KMS.NotFoundException. */
    public String kmsKeyArn() {
        return arn(region, kmsKeyId);
    }

    /** S3Mock checks no signatures: any key works. */
    @Override
    public String accessKeyId() {
        return "testkit";
    }

    @Override
    public String secretAccessKey() {
        return "testkit-secret";
    }

    /** The buckets created at start. */
    public List<String> buckets() {
        return buckets;
    }

    /** Where S3Mock stores objects; deleted on close. */
    public Path rootDirectory() {
        return rootDirectory;
    }

    /**
     * Stores an object with one plain HTTP PUT, unsigned (S3Mock checks no signatures), so that code
     * without an S3 client, such as testkit's own fixtures, can put objects here.
     *
     * @throws IllegalStateException naming the object and S3Mock's answer when it is not stored
     */
    @Override
    public void putObject(String bucket, String key, byte[] content) {
        URI object;
        try {
            object = new URI("http", null, FreePort.LOOPBACK, port, "/" + bucket + "/" + key, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bucket '" + bucket + "' and key '" + key + "' do not make a URL path: "
                    + e.getMessage(), e);
        }
        HttpRequest put = HttpRequest.newBuilder(object).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("PUT " + object + " failed: " + e.getMessage() + "; see " + logFile(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during PUT " + object, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + object + " answered " + response.statusCode() + ": " + response.body()
                    + "; the bucket must exist (buckets created at start: " + buckets + ")");
        }
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + ", buckets " + buckets + ", log " + logFile() + "]";
    }

    private static String arn(String region, String keyId) {
        return "arn:aws:kms:" + region + ":1234567890:key/" + keyId;
    }

    public static final class Builder {

        private final List<String> buckets = new ArrayList<>();
        private String region = "us-east-1";
        private String kmsKeyId = UUID.randomUUID().toString();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int port;
        private Duration keepAlive = Duration.ofSeconds(5);
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Buckets that exist from the start (S3 bucket naming rules apply). */
        public Builder bucket(String... names) {
            buckets.addAll(List.of(names));
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The KMS key id that is valid; default a random UUID. */
        public Builder kmsKeyId(String keyId) {
            this.kmsKeyId = keyId;
            return this;
        }

        /**
         * How long an idle HTTP connection is kept; default 5 s instead of Tomcat's 60 s, so a client
         * that abandons a truncated download does not hold a connection for a minute.
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** Any S3Mock/Spring Boot setting, e.g. {@code com.adobe.testing.s3mock.max-payload-size=64MB}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** A fixed HTTP port (for a local stack); by default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public S3Server start() {
            Path workDirectory = WorkDirectory.create("s3");
            Path root = workDirectory.resolve("root");
            S3Server server = PortConflictRetry.start("S3 server", true, () -> launch(workDirectory, root));
            ExitCleanup.register(server);
            LOG.infof("started %s", server);
            return server;
        }

        private S3Server launch(Path workDirectory, Path root) {
            int httpPort = port != 0 ? port : FreePort.next();
            int httpsPort = FreePort.next();
            ChildJvm jvm = new ChildJvm("S3 server")
                    .classpath(RuntimeClasspath.of("s3"))
                    .maxHeap("256m")
                    .systemProperty("loader.path", customizerLocation().toString())
                    .systemProperty("http.port", Integer.toString(httpPort))
                    .systemProperty("server.port", Integer.toString(httpsPort))
                    .systemProperty("server.address", FreePort.LOOPBACK)
                    .systemProperty("server.tomcat.keep-alive-timeout", keepAlive.toMillis() + "ms")
                    .systemProperty(STORE + "root", root.toString())
                    .systemProperty(STORE + "region", region)
                    .systemProperty(STORE + "valid-kms-keys", arn(region, kmsKeyId))
                    .systemProperty(STORE + "retain-files-on-exit", "false");
            if (!buckets.isEmpty()) {
                jvm.systemProperty(STORE + "initial-buckets", String.join(",", buckets));
            }
            properties.forEach(jvm::systemProperty);
            ServerProcess process = jvm.main(LAUNCHER).start(workDirectory.resolve("s3.log"));
            S3Server server = new S3Server(httpPort, region, kmsKeyId, List.copyOf(buckets), workDirectory, root, process);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            process.awaitReady(startTimeout, () -> FreePort.isListening(httpsPort)
                    && http.send(HttpRequest.newBuilder(server.endpoint().resolve("/")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            return server;
        }

        /** The jar (or classes directory) holding the connector customizer, for S3Mock's {@code loader.path}. */
        private static Path customizerLocation() {
            URL url = S3Server.class.getClassLoader().getResource(CUSTOMIZER_CLASS);
            if (url == null) {
                throw new IllegalStateException(CUSTOMIZER_CLASS + " is not on the classpath; depend on "
                        + "io.seldonmesh:testkit-runtime-s3 (run `mvn install` in testkit/runtimes)");
            }
            try {
                if (url.getProtocol().equals("jar")) {
                    String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
                    return Path.of(new URI(file));
                }
                Path classFile = Path.of(url.toURI());
                Path root = classFile;
                for (int i = 0; i < CUSTOMIZER_CLASS.split("/").length; i++) {
                    root = root.getParent();
                }
                return root;
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot turn " + url + " into a file path: " + e.getMessage(), e);
            }
        }
    }
}
